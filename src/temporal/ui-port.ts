import { createServer } from 'node:net';

function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/**
 * The port for the embedded dev server's web UI, or undefined when the port is taken: the dev server
 * refuses to start on a busy UI port, and the UI is not worth failing for.
 */
export async function availableUiPort(port: number, log: (line: string) => void): Promise<number | undefined> {
  if (await portIsFree(port, '127.0.0.1')) return port;
  log(`temporal: port ${port} for the web UI is taken; running without the UI (set TEMPORAL_UI_PORT to another port)`);
  return undefined;
}
