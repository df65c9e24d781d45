/**
 * The readable end of a failed trainer's stderr, for the trial's `error`: a Python traceback's exception
 * line and as many of the frames before it as fit; otherwise the last lines. Noise is dropped first:
 * Python warnings with their source lines, progress bars (carriage-return redraws, tqdm), ANSI colours.
 * The result is at most `maxChars` long and is never cut inside a word.
 */
export const STDERR_SUMMARY_MAX_CHARS = 2_000;

const TRACEBACK_START = 'Traceback (most recent call last):';
// eslint-disable-next-line no-control-regex
const ANSI_ESCAPE = /\x1b\[[0-9;?]*[A-Za-z]/g;
/** `path.py:12: UserWarning: …`, as `warnings.showwarning` prints it. */
const WARNING_LINE = /^\S.*:\d+: [A-Z]\w*Warning: /;
/** Log-style warnings: `WARNING: …`, `[WARNING|…]`, `W1201 …` (absl), `Warning: …`. */
const LOGGED_WARNING = /^(\[?WARN(ING)?\b|Warning:|W\d{4} )/;
/** tqdm and similar bars: `42%|████   | 21/50 [00:01<00:02, 3.1it/s]`. */
const PROGRESS_BAR = /\d+%\|.*\||\b\d+(\.\d+)?\s*(it\/s|s\/it)\]?/;
/** The caret lines Python 3.11+ prints under a frame's source line. */
const CARET_LINE = /^\s*[~^]+\s*$/;
const FRAME_LINE = /^\s+File "/;

/** What a terminal would show: each carriage-return redraw replaces the line, escapes are gone. */
function visibleLines(text: string): string[] {
  return text.split('\n').map((line) => (line.replace(ANSI_ESCAPE, '').split('\r').at(-1) ?? '').trimEnd());
}

/** Lines worth reading: no warnings (and the indented source lines printed under them), bars or blank lines. */
function meaningfulLines(lines: string[]): string[] {
  const kept: string[] = [];
  let inWarning = false;
  for (const line of lines) {
    if (WARNING_LINE.test(line) || LOGGED_WARNING.test(line)) {
      inWarning = true;
      continue;
    }
    if (inWarning && /^\s/.test(line)) continue;
    inWarning = false;
    if (line.trim() === '' || PROGRESS_BAR.test(line) || CARET_LINE.test(line)) continue;
    kept.push(line);
  }
  return kept;
}

/** `text` cut to at most `max` characters at a word boundary, with an ellipsis when cut. */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, Math.max(0, max - 1));
  const lastSpace = room.search(/\s\S*$/);
  return `${(lastSpace > 0 ? room.slice(0, lastSpace) : room).trimEnd()}…`;
}

/** The frames of a traceback, each its `File "…"` line with the source lines under it. */
function framesAndException(block: string[]): { frames: string[][]; exception: string[] } {
  const frames: string[][] = [];
  let index = 1;
  while (index < block.length && /^\s/.test(block[index]!)) {
    const frame = [block[index]!];
    index++;
    while (index < block.length && /^\s/.test(block[index]!) && !FRAME_LINE.test(block[index]!)) frame.push(block[index++]!);
    frames.push(frame);
  }
  return { frames, exception: block.slice(index) };
}

/** The exception line (whole, or cut at a word), then frames from the innermost out while they fit. */
function summarizeTraceback(block: string[], maxChars: number): string {
  const { frames, exception } = framesAndException(block);
  const exceptionText = cutAtWord(exception.join('\n') || block.at(-1)!, maxChars);
  let used = exceptionText.length;
  const shown: string[][] = [];
  const header = `${TRACEBACK_START}\n`;
  const omitted = (n: number) => `  … ${n} earlier frame${n === 1 ? '' : 's'}\n`;
  for (let i = frames.length - 1; i >= 0; i--) {
    const frameText = frames[i]!.join('\n') + '\n';
    const reserve = header.length + (i > 0 ? omitted(i).length : 0);
    if (used + frameText.length + reserve > maxChars) break;
    shown.unshift(frames[i]!);
    used += frameText.length;
  }
  if (shown.length === 0) return exceptionText;
  const hidden = frames.length - shown.length;
  return `${header}${hidden > 0 ? omitted(hidden) : ''}${shown.map((frame) => frame.join('\n') + '\n').join('')}${exceptionText}`;
}

/** The last lines that fit, each whole; the last one cut at a word if even it does not fit. */
function summarizeTail(lines: string[], maxChars: number): string {
  const shown: string[] = [];
  let used = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const cost = lines[i]!.length + (shown.length > 0 ? 1 : 0);
    if (used + cost > maxChars) break;
    shown.unshift(lines[i]!);
    used += cost;
  }
  return shown.length > 0 ? shown.join('\n') : cutAtWord(lines.at(-1)!, maxChars);
}

/**
 * The summary of `stderr`. `partial`: the text starts mid-stream (a kept tail), so its first line is
 * dropped as possibly incomplete.
 */
export function summarizeStderr(stderr: string, { maxChars = STDERR_SUMMARY_MAX_CHARS, partial = false } = {}): string {
  const lines = visibleLines(stderr);
  if (partial) lines.shift();
  const start = lines.lastIndexOf(TRACEBACK_START);
  if (start >= 0) {
    const block = [TRACEBACK_START, ...meaningfulLines(lines.slice(start + 1))];
    if (block.length > 1) return summarizeTraceback(block, maxChars);
  }
  const meaningful = meaningfulLines(lines);
  return meaningful.length > 0 ? summarizeTail(meaningful, maxChars) : '';
}
