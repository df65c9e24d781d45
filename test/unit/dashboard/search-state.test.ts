import { describe, expect, it } from 'vitest';
import type { Search } from '../../../src/client/index';
import { cancelQuestion, searchStateText } from '../../../web/src/search-state';
import { offsetOfLineColumn } from '../../../web/src/text-position';

type Progress = Search['progress'];
const progress = (some: Partial<Progress>): Progress => ({
  maxTrials: 20, finished: 0, percent: 0, queued: 0, running: 0, succeeded: 0, failed: 0, diverged: 0, infeasible: 0, pruned: 0, cancelled: 0, ...some,
});
const search = (some: Partial<Pick<Search, 'status' | 'reason' | 'error' | 'progress'>>) => ({
  name: 'six knobs', status: 'running' as const, reason: null, error: null, progress: progress({}), ...some,
});

describe('the state text of a search', () => {
  it('waits for the first succeeded trial only while the search can still run one, with a percentage that goes on', () => {
    const running = searchStateText(search({ progress: progress({ finished: 5, percent: 25, running: 4, queued: 1, failed: 1 }) }));
    expect(running).toEqual({ outcome: null, progress: '5 / 20 trials · 25% · running 4 · queued 1 · failed 1', noSucceededTrial: 'waiting for the first succeeded trial' });
    expect(searchStateText(search({ status: 'queued' }))).toMatchObject({ outcome: 'Queued: no trial has started yet.', noSucceededTrial: 'waiting for the first succeeded trial' });
  });

  it('says a cancelled search stopped where it stood and can be resumed, and waits for nothing', () => {
    const cancelled = searchStateText(search({ status: 'cancelled', progress: progress({ finished: 5, percent: 25, succeeded: 0, failed: 1, cancelled: 4 }) }));
    expect(cancelled).toEqual({
      outcome: 'Cancelled: 1 of 20 trials completed. Resume it to run the rest.',
      progress: '5 / 20 trials · stopped at 25% · failed 1 · cancelled 4',
      noSucceededTrial: 'no trial succeeded before it was cancelled',
    });
  });

  it('says what failed', () => {
    const allFailed = search({ status: 'failed', reason: 'all-trials-failed', error: 'no trial succeeded (3 failed)', progress: progress({ maxTrials: 3, finished: 3, percent: 100, failed: 3 }) });
    expect(searchStateText(allFailed)).toEqual({ outcome: 'Failed: no trial succeeded (3 failed).', progress: '3 / 3 trials · 100% · failed 3', noSucceededTrial: 'no trial succeeded' });
    expect(searchStateText(search({ status: 'failed', reason: 'search-error', error: 'the tpe sampler failed' })).outcome).toBe('Failed: the search could not go on: the tpe sampler failed.');
    expect(searchStateText(search({ status: 'failed', reason: 'failure-budget' })).outcome).toBe('Failed: more trials failed than budget.maxFailedTrials allows.');
  });

  it('says an interrupted search can be resumed, and why it stopped', () => {
    const interrupted = searchStateText(search({ status: 'interrupted', error: 'trainer gone is not registered', progress: progress({ finished: 8, percent: 40, succeeded: 8 }) }));
    expect(interrupted).toEqual({
      outcome: 'Interrupted: its sweep could not be restarted (trainer gone is not registered). Resume it to try again.',
      progress: '8 / 20 trials · stopped at 40% · succeeded 8',
      noSucceededTrial: 'no trial succeeded before it was interrupted: resume it to go on',
    });
  });

  it('says why a succeeded search ended', () => {
    expect(searchStateText(search({ status: 'succeeded', reason: 'budget', progress: progress({ finished: 20, percent: 100, succeeded: 20 }) }))).toMatchObject({
      outcome: 'Ended: ran its budget of trials.',
      progress: '20 / 20 trials · 100% · succeeded 20',
    });
    expect(searchStateText(search({ status: 'succeeded', reason: 'exhausted', progress: progress({ finished: 12, percent: 60, succeeded: 12 }) }))).toMatchObject({
      outcome: 'Ended: every point of the space was tried before the budget ran out.',
      progress: '12 / 20 trials · stopped at 60% · succeeded 12',
    });
  });
});

describe('the question a Cancel asks', () => {
  it('counts the running trials it stops, the queued ones it drops and the completed ones it keeps', () => {
    expect(cancelQuestion(search({ progress: progress({ running: 3, queued: 1, finished: 2, cancelled: 1 }) }))).toBe(
      'Cancel “six knobs”? 3 running trials will be stopped and 1 queued trial will not start. 1 completed trial is kept; a resume runs the rest.',
    );
    expect(cancelQuestion(search({ progress: progress({ running: 1, finished: 0 }) }))).toBe('Cancel “six knobs”? 1 running trial will be stopped. No trial has completed yet; a resume runs the rest.');
    expect(cancelQuestion(search({}))).toBe('Cancel “six knobs”? No trial is running now. No trial has completed yet; a resume runs the rest.');
  });
});

describe('the offset of a line and column in a text', () => {
  const text = 'name: a\nspace:\n  lr: { low: 1\n';
  it('counts 1-based lines and columns', () => {
    expect(offsetOfLineColumn(text, 1, 1)).toBe(0);
    expect(offsetOfLineColumn(text, 3, 3)).toBe(text.indexOf('lr'));
  });
  it('clamps a column past the end of its line, and a line past the end of the text', () => {
    expect(offsetOfLineColumn(text, 2, 99)).toBe(text.indexOf('\n', 8));
    expect(offsetOfLineColumn(text, 9, 1)).toBe(text.length);
  });
});
