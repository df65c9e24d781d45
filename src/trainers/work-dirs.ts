import path from 'node:path';

/** Where a run keeps its checkpoints: inside its work directory, so every attempt finds them. */
export const checkpointDirOf = (workDir: string) => path.join(workDir, 'checkpoints');

/** A worker's work directories of one search's trials, one per ordinal. */
export const searchWorkDir = (dataDir: string, searchId: string) => path.join(dataDir, 'trials', searchId);
export const trialWorkDir = (dataDir: string, searchId: string, ordinal: number) => path.join(searchWorkDir(dataDir, searchId), String(ordinal));
export const trainingWorkDir = (dataDir: string, trainer: string, trainKey: string) => path.join(dataDir, 'trainings', trainer, trainKey);
/** A worker's local copy of a stored model. */
export const localModelDirOf = (dataDir: string, trainer: string, trainKey: string) => path.join(dataDir, 'models', trainer, trainKey);
