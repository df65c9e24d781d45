import path from 'node:path';

/** Where a run keeps its checkpoints: inside its work directory, so every attempt finds them. */
export const checkpointDirOf = (workDir: string) => path.join(workDir, 'checkpoints');
