import { Runtime, makeTelemetryFilterString, type LogLevel } from '@temporalio/worker';

let installed = false;

/** Routes the Temporal SDK's own logs (worker state changes and the like) through `log`, warnings and errors only. */
export function installTemporalLogging(log: (line: string) => void): void {
  if (installed) return;
  installed = true;
  const keep = (level: LogLevel) => (message: string) => log(`temporal ${level.toLowerCase()}: ${message}`);
  const drop = () => undefined;
  Runtime.install({
    logger: { log: drop, trace: drop, debug: drop, info: drop, warn: keep('WARN'), error: keep('ERROR') },
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
  });
}
