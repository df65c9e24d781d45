export const TEMPORAL_TEST_SERVER_VERSION: string;
/** Where the test server's jars and launcher live in the cache. */
export const testServerDir: string;
/** The launcher @temporalio/testing starts as `<launcher> <port>`. */
export const testServerLauncher: string;
/** Whether the jars and the current launcher are in the cache. */
export function testServerIsInstalled(): boolean;
/** Whether java and mvn are on the PATH. */
export function canInstallTestServer(): boolean;
/** Fetches the server's jars with mvn (once) and writes the launcher; returns the launcher's path. */
export function installTestServer(): string;
