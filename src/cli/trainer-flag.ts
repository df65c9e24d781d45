import { InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { commandTrainerConfigSchema, type CommandTrainerConfig } from '../trainers/command/config';

/**
 * `--trainer name=NAME[,metric=M]…` with the command after `--`: one command trainer without a trainers
 * file, on the worker's queues. It declares no parameters, so it accepts any (as train-stage).
 */
export function trainerFromFlag(settings: string, command: readonly string[]): CommandTrainerConfig {
  const metrics: string[] = [];
  const fields: Record<string, string> = {};
  for (const pair of settings.split(',')) {
    const [key, value, ...rest] = pair.split('=');
    if (value === undefined || rest.length > 0) throw new InvalidArgumentError(`'${pair}' is not key=value (name, metric)`);
    if (key === 'metric') metrics.push(value);
    else if (key === 'name') fields[key] = value;
    else throw new InvalidArgumentError(`unknown setting '${key}' (name, metric)`);
  }
  if (command.length === 0) throw new InvalidArgumentError('needs the trainer\'s command after --, e.g. --trainer name=lora -- python3 train.py');
  const parsed = commandTrainerConfigSchema.safeParse({ ...fields, description: 'command trainer of hpsearch worker --trainer', command, acceptsExtraParameters: true, metrics });
  if (!parsed.success) throw new InvalidArgumentError(z.prettifyError(parsed.error));
  return parsed.data;
}
