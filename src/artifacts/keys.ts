/**
 * Artifact keys name what is stored (`models/nsmc/<train key>`, `checkpoints/trials/<trial id>/checkpoint-50`):
 * segments of letters, digits, `.`, `_` and `-` that start with a letter or digit, so no key can climb out
 * of a directory, and the names the store keeps beside them (`.files`, `.manifest`) can never be a key's.
 */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const MAX_KEY_LENGTH = 512;
const MAX_SEGMENTS = 16;

export class InvalidArtifactKey extends Error {
  override name = 'InvalidArtifactKey';
}

/** The key, or an InvalidArtifactKey naming what is wrong with it. */
export function artifactKey(...segments: string[]): string {
  const key = segments.join('/');
  const parts = key.split('/');
  if (key.length > MAX_KEY_LENGTH || parts.length > MAX_SEGMENTS) throw new InvalidArtifactKey(`artifact key '${key.slice(0, 80)}…' is longer than ${MAX_KEY_LENGTH} characters or ${MAX_SEGMENTS} segments`);
  const bad = parts.find((part) => !SEGMENT.test(part));
  if (bad !== undefined) throw new InvalidArtifactKey(`artifact key '${key}': segment '${bad}' must be 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit`);
  return key;
}

export function isArtifactKey(key: string): boolean {
  try {
    artifactKey(key);
    return true;
  } catch {
    return false;
  }
}

/** Whether a name is a single key segment (a checkpoint's name as a trainer reports it, for one). */
export const isKeySegment = (name: string) => SEGMENT.test(name);

const MAX_PATH_LENGTH = 1_024;

/** A file's path inside a stored directory: relative, `/`-separated, without empty, `.` or `..` segments. */
export function isRelativeFilePath(file: string): boolean {
  if (file.length === 0 || file.length > MAX_PATH_LENGTH || file.includes('\0') || file.includes('\\')) return false;
  return file.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** Where a training's model is stored. */
export const modelKeyOf = (trainer: string, trainKey: string) => artifactKey('models', trainer, trainKey);
/** Under which a trial run whole keeps its checkpoints (one artifact per checkpoint name). */
export const trialCheckpointsKey = (trialId: string) => artifactKey('checkpoints', 'trials', trialId);
/** Under which a training keeps its checkpoints. */
export const trainingCheckpointsKey = (trainer: string, trainKey: string) => artifactKey('checkpoints', 'trainings', trainer, trainKey);
