import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../config';
import { nsmcDataFiles } from './nsmc/index';
import { builtInTrainers, createTrainerRegistry, loadTrainersFile, type TrainerRegistry } from './registry';

/** The trainers a service runs, from its configuration: the built-ins and those of TRAINERS_FILE. */
export async function serviceTrainers(config: Config): Promise<TrainerRegistry> {
  const commandTrainers = config.TRAINERS_FILE ? await loadTrainersFile(config.TRAINERS_FILE) : [];
  return createTrainerRegistry(
    commandTrainers,
    builtInTrainers({ trainPath: config.NSMC_TRAIN_PATH ?? nsmcDataFiles.sliceTrain, testPath: config.NSMC_TEST_PATH ?? nsmcDataFiles.sliceTest }),
  );
}

/** The trainers module of a service's trainer hosts (see host/host-process.ts): they read the same environment. */
export const createTrainers = (): Promise<TrainerRegistry> => serviceTrainers(loadConfig());

export const serviceTrainersModule = fileURLToPath(import.meta.url);
