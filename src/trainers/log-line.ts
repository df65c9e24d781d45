/** The longest line a trial's log keeps; the rest of a longer one is cut off. */
const MAX_LOG_LINE_CHARS = 16_384;

/** A trainer's output line as a trial's log keeps it (and a trainer host passes it on): bounded, and without NUL (a Postgres text cannot hold one). */
export function boundLogLine(line: string): string {
  const bounded = line.length > MAX_LOG_LINE_CHARS ? `${line.slice(0, MAX_LOG_LINE_CHARS)} [… ${line.length - MAX_LOG_LINE_CHARS} characters cut]` : line;
  return bounded.replaceAll('\0', '\uFFFD');
}
