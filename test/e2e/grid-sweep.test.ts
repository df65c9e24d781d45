import { describe, expect, it } from 'vitest';
import { syntheticAccuracy } from '../../src/trainers/synthetic/surface';
import { allTrials, getJson, postSearch, waitForSearch } from '../support/api';
import { databaseKinds } from '../support/databases';
import { useTestStack } from '../support/stack';

const knobs = {
  learning_rate: [1e-4, 3e-4, 1e-2],
  gradient_accumulation_steps: [1, 4],
  num_train_epochs: [2, 3],
  lr_scheduler_type: ['linear', 'cosine'],
  temperature: [0, 0.5],
  top_p: [0.9, 1.0],
};
const gridSpec = {
  name: 'six-knob grid',
  objective: { metric: 'eval_accuracy', goal: 'maximize' },
  algorithm: 'grid',
  seed: 11,
  budget: { parallelism: 4 },
  trainer: { name: 'synthetic' },
  space: {
    learning_rate: { type: 'float', values: knobs.learning_rate, log: true },
    gradient_accumulation_steps: { type: 'int', values: knobs.gradient_accumulation_steps },
    num_train_epochs: { type: 'int', values: knobs.num_train_epochs },
    lr_scheduler_type: { type: 'categorical', values: knobs.lr_scheduler_type },
    temperature: { type: 'float', values: knobs.temperature },
    top_p: { type: 'float', values: knobs.top_p },
  },
  fixed: { steps: 3 },
};

function cartesian(axes: Record<string, readonly (string | number)[]>): Record<string, string | number>[] {
  return Object.entries(axes).reduce<Record<string, string | number>[]>(
    (points, [name, values]) => points.flatMap((p) => values.map((v) => ({ ...p, [name]: v }))),
    [{}],
  );
}

describe.each(databaseKinds)('grid sweep through the API (%s)', (kind) => {
  const stack = useTestStack(kind);

  it('runs every grid point exactly once and reports the true best', async () => {
    const { id } = await postSearch(stack().app!, gridSpec);
    const done = await waitForSearch(stack().app!, id, ['succeeded', 'failed', 'cancelled'], 120_000);
    expect(done.status).toBe('succeeded');

    const points = cartesian(knobs);
    expect(points.length).toBe(96);
    const trials = await allTrials(stack().app!, id);
    expect(trials.map((t) => t.ordinal)).toEqual(points.map((_, i) => i));
    const keyOf = (p: Record<string, unknown>) => JSON.stringify(Object.keys(knobs).map((k) => p[k]));
    expect(new Set(trials.map((t) => keyOf(t.params))).size).toBe(96);
    expect(new Set(trials.map((t) => keyOf(t.params)))).toEqual(new Set(points.map(keyOf)));
    expect(trials.every((t) => ['succeeded', 'diverged'].includes(t.status))).toBe(true);
    expect(trials.filter((t) => t.status === 'diverged').length).toBe(32);
    expect(done.progress).toMatchObject({ maxTrials: 96, finished: 96, percent: 100, succeeded: 64, diverged: 32, running: 0, queued: 0 });

    const scored = points.map((p) => ({ p, accuracy: syntheticAccuracy({ ...p, steps: 3 }, gridSpec.seed) })).filter((s) => !Number.isNaN(s.accuracy));
    const truth = scored.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
    const best = await getJson(stack().app!, `/v1/searches/${id}/best`);
    expect(keyOf(best.params)).toBe(keyOf(truth.p));
    expect(best.objective).toBeCloseTo(truth.accuracy, 12);
    expect(done.best.id).toBe(best.id);
    const listed = await getJson(stack().app!, '/v1/searches?status=succeeded&limit=200');
    expect(listed.items.find((s: { id: string }) => s.id === id)).toEqual(done);

    const detail = await getJson(stack().app!, `/v1/trials/${best.id}`);
    expect(detail.curve.map((c: { step: number }) => c.step)).toEqual([1, 2, 3]);
  });
});
