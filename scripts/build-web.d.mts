/** Whether web/dist is missing or older than the dashboard's sources. */
export function webBuildIsStale(): boolean;
/** Builds the dashboard into web/dist. */
export function buildWeb(): Promise<void>;
