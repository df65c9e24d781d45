/** ARTIFACT_MAX_BYTES's default. */
export const DEFAULT_ARTIFACT_MAX_BYTES = 2 * 1024 ** 3;

/** ARTIFACT_MAX_BYTES's bound, 5 GiB: S3 takes at most that in one PUT, and no file of an artifact is larger than the artifact. */
export const MAX_ARTIFACT_BYTES = 5 * 1024 ** 3;

/** Files one artifact may hold (an HF checkpoint has a dozen). */
export const MAX_ARTIFACT_FILES = 10_000;
