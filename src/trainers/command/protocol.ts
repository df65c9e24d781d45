import type { ProgressReport } from '../types';

/**
 * The trainer protocol on stdout: one JSON object per line.
 *   {"step": 12, "epoch": 1, "loss": 0.41, "learning_rate": 2e-4, ...}   progress (numbers only)
 *   {"checkpoint": "checkpoint-50"}                                        a complete checkpoint in the checkpoint directory
 *   {"eval": {"eval_accuracy": 0.83, ...}}                                 final metrics
 *   {"status": "diverged", "reason": "..."}                                the trainer gave up on divergence
 * Lines that are not such JSON are ignored (kept as log output).
 */
export type ProtocolMessage =
  | { kind: 'progress'; report: ProgressReport }
  | { kind: 'checkpoint'; name: string }
  | { kind: 'eval'; metrics: Record<string, number> }
  | { kind: 'diverged'; reason: string }
  | { kind: 'log'; line: string };

function numericFields(source: Record<string, unknown>, skip: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(source)) {
    if (skip.includes(key)) continue;
    if (typeof value === 'number') out[key] = value;
    else if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') out[key] = Number(value);
  }
  return out;
}

export function parseProtocolLine(line: string): ProtocolMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line.replace(/\bNaN\b/g, '"NaN"').replace(/(-?)\bInfinity\b/g, '"$1Infinity"'));
  } catch {
    return { kind: 'log', line };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { kind: 'log', line };
  const message = parsed as Record<string, unknown>;
  if (message.status === 'diverged') {
    const reason = message.reason ?? 'trainer reported divergence';
    return { kind: 'diverged', reason: typeof reason === 'string' ? reason : JSON.stringify(reason) };
  }
  if (typeof message.checkpoint === 'string') return { kind: 'checkpoint', name: message.checkpoint };
  if (typeof message.eval === 'object' && message.eval !== null) return { kind: 'eval', metrics: numericFields(message.eval as Record<string, unknown>, []) };
  if (typeof message.step === 'number' && Number.isInteger(message.step) && message.step >= 0) {
    const epoch = typeof message.epoch === 'number' && Number.isFinite(message.epoch) ? message.epoch : undefined;
    return { kind: 'progress', report: { step: message.step, ...(epoch !== undefined ? { epoch } : {}), values: numericFields(message, ['step', 'epoch']) } };
  }
  return { kind: 'log', line };
}
