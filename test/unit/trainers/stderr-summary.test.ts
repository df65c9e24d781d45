import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cutAtWord, STDERR_SUMMARY_MAX_CHARS, summarizeStderr } from '../../../src/trainers/command/stderr-summary';

/** The stderr of the fixture trainer failing in the given way, from a real python3. */
function stderrOf(failure: string): string {
  const run = spawnSync('python3', [path.resolve('test/fixtures/failing_trainer.py'), failure], { encoding: 'utf8', env: { ...process.env, HPSEARCH_PARAMS_FILE: '' } });
  expect(run.status).not.toBe(0);
  return run.stderr;
}

/** Every word of the summary appears whole in the original text (an ellipsis may follow the last). */
function expectWholeWords(summary: string, original: string) {
  const words = new Set(original.split(/\s+/));
  for (const word of summary.replace(/…$/, '').split(/\s+/).filter(Boolean)) if (word !== '…') expect(words, `'${word}' is not a whole word of the output`).toContain(word);
}

describe('stderr summary', () => {
  it('keeps the exception line and the frames of a traceback after a flood of warnings and progress bars', () => {
    const stderr = stderrOf('traceback');
    expect(stderr.length).toBeGreaterThan(10_000);
    const summary = summarizeStderr(stderr);
    expect(summary.split('\n').at(-1)).toBe("KeyError: 'label'");
    expect(summary.startsWith('Traceback (most recent call last):\n')).toBe(true);
    expect(summary).toContain('in collate\n    return {"input_ids": batch["input_ids"], "labels": batch["label"]}');
    expect(summary).toContain('in training_step');
    expect(summary).not.toMatch(/Warning|WARNING|warnings\.warn|%\||it\/s|\^\^\^|~~~/);
    expect(summary.length).toBeLessThanOrEqual(STDERR_SUMMARY_MAX_CHARS);
  });

  it('shows the innermost frames of a deep traceback and says how many it left out', () => {
    const summary = summarizeStderr(stderrOf('deep'), { maxChars: 400 });
    expect(summary.length).toBeLessThanOrEqual(400);
    expect(summary.split('\n').at(-1)).toBe('ValueError: learning_rate must be positive, got -0.1');
    expect(summary).toMatch(/^Traceback \(most recent call last\):\n {2}… \d+ earlier frames\n {2}File "/);
    expect(summary).toContain('raise ValueError("learning_rate must be positive, got -0.1")');
  });

  it('reports the last exception of a chain', () => {
    const summary = summarizeStderr(stderrOf('chained'));
    expect(summary.split('\n').at(-1)).toBe('RuntimeError: could not build the optimizer from the trial parameters');
    expect(summary).not.toContain('KeyError');
  });

  it('cuts an exception message longer than the bound at a word', () => {
    const stderr = stderrOf('long-message');
    const summary = summarizeStderr(stderr);
    expect(summary.length).toBeLessThanOrEqual(STDERR_SUMMARY_MAX_CHARS);
    expect(summary).toMatch(/^RuntimeError: CUDA out of memory\. Tried to allocate 0 MiB on device 0\..*…$/s);
    expectWholeWords(summary, stderr);
  });

  it('keeps the last whole lines of output that is not a traceback', () => {
    const stderr = `${'loading the dataset\n'.repeat(500)}\r 10%|#  | 1/10\r 90%|#########| 9/10\nerror: the tokenizer of /models/x has no pad token\nSegmentation fault (core dumped)\n`;
    expect(summarizeStderr(stderr)).toMatch(/loading the dataset\nerror: the tokenizer of \/models\/x has no pad token\nSegmentation fault \(core dumped\)$/);
    expect(summarizeStderr(stderr, { maxChars: 60 })).toBe('Segmentation fault (core dumped)');
    expect(summarizeStderr(stderr, { maxChars: 20 })).toBe('Segmentation fault…');
    expect(summarizeStderr('\x1b[31mfatal:\x1b[0m bad config\n')).toBe('fatal: bad config');
    expect(summarizeStderr('/x.py:3: UserWarning: careful\n  warn("careful")\n\n')).toBe('');
  });

  it('drops the first line of a kept tail, which may start mid-word', () => {
    expect(summarizeStderr('ror: half a line\nthe last line\n', { partial: true })).toBe('the last line');
  });

  it('cuts at a word, or inside one only when the text has no space', () => {
    expect(cutAtWord('the quick brown fox', 12)).toBe('the quick…');
    expect(cutAtWord('the quick', 12)).toBe('the quick');
    expect(cutAtWord('abcdefghijklmnop', 6)).toBe('abcde…');
  });
});
