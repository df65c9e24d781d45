import pino, { type Logger } from 'pino';

/** JSON lines on stdout; silent until a service sets the level, so library use and tests stay quiet. */
const root = pino({ level: 'silent', base: { service: 'hpsearch' } });

export function setLogLevel(level: string): void {
  root.level = level;
}

/** A logger whose every line carries `bindings` (search and trial ids and the like). */
export const childLogger = (bindings: object): Logger => root.child(bindings);
