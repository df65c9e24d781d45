/** A worker refreshes its registrations this often. */
export const REGISTRATION_HEARTBEAT_MS = 5_000;
/** A registration not refreshed for this long is not live: its worker is gone or cut off (three missed heartbeats). */
export const REGISTRATION_TTL_MS = 15_000;
/** Rows a killed worker left are deleted after a day, so the table stays small. */
export const STALE_REGISTRATION_MS = 86_400_000;
/** The API reads live registrations at most this often. */
export const CATALOGUE_CACHE_MS = 1_000;
