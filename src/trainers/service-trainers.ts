import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../config';
import type { CommandTrainerConfig } from './command/config';
import { nsmcDataFiles } from './nsmc/index';
import { builtInTrainers, createTrainerRegistry, loadTrainersFile, type TrainerRegistry } from './registry';

/** The trainers a service runs, from its configuration: the built-ins, those of its trainers file and `more`. */
export async function serviceTrainers(config: Config, trainersFile: string | undefined, more: readonly CommandTrainerConfig[] = []): Promise<TrainerRegistry> {
  const commandTrainers = [...(trainersFile ? await loadTrainersFile(trainersFile) : []), ...more];
  return createTrainerRegistry(
    commandTrainers,
    builtInTrainers({ trainPath: config.NSMC_TRAIN_PATH ?? nsmcDataFiles.sliceTrain, testPath: config.NSMC_TEST_PATH ?? nsmcDataFiles.sliceTest }),
  );
}

/** The trainers module of a service's trainer hosts (see host/host-process.ts): they read the same environment. */
export const createTrainers = (): Promise<TrainerRegistry> => {
  const config = loadConfig();
  return serviceTrainers(config, config.TRAINERS_FILE);
};

export const serviceTrainersModule = fileURLToPath(import.meta.url);
