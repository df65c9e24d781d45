import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { commandTrainer } from './command/index';
import { trainersFileSchema, type CommandTrainerConfig } from './command/config';
import { createNsmcTrainer, nsmcDataFiles, type NsmcTrainerConfig } from './nsmc/index';
import { syntheticTrainer } from './synthetic/index';
import type { Trainer } from './types';

export type TrainerRegistry = ReadonlyMap<string, Trainer>;

/** The built-in trainers; `nsmc` reads the shipped slice unless the worker names other NSMC files. */
export function builtInTrainers(nsmcData: NsmcTrainerConfig = { trainPath: nsmcDataFiles.sliceTrain, testPath: nsmcDataFiles.sliceTest }): Trainer[] {
  return [syntheticTrainer, createNsmcTrainer(nsmcData)];
}

export function createTrainerRegistry(commandTrainers: readonly CommandTrainerConfig[] = [], builtIns: readonly Trainer[] = builtInTrainers()): TrainerRegistry {
  const registry = new Map<string, Trainer>(builtIns.map((t) => [t.name, t]));
  for (const config of commandTrainers) {
    if (registry.has(config.name)) throw new Error(`trainer '${config.name}' is defined twice (built-in trainers: ${builtIns.map((t) => t.name).join(', ')})`);
    registry.set(config.name, commandTrainer(config));
  }
  return registry;
}

/** Reads the operator's trainers file (YAML or JSON). */
export async function loadTrainersFile(file: string): Promise<CommandTrainerConfig[]> {
  const text = await readFile(file, 'utf8');
  const parsed = trainersFileSchema.safeParse(parseYaml(text));
  if (!parsed.success) throw new Error(`invalid trainers file ${file}:\n${z.prettifyError(parsed.error)}`);
  return parsed.data.trainers;
}
