import { InvalidArgumentError } from 'commander';
import { z } from 'zod';

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

export function searchIdArgument(value: string): string {
  if (!z.uuid().safeParse(value).success) throw new InvalidArgumentError('must be a search id (a UUID)');
  return value;
}
