import { beforeAll, describe, expect, it } from 'vitest';
import { createTrainerRegistry } from '../../src/trainers/registry';
import { hfStyleSpec, hfStyleTrainer } from '../fixtures/hf-style-trainer';
import { allTrials, getJson, postSearch, waitForSearch } from '../support/api';
import { databaseKinds } from '../support/databases';
import { useTestStack } from '../support/stack';

const sizes = Array.from({ length: 12 }, (_, i) => i + 1);
const spec = hfStyleSpec('metrics sweep', sizes);

/** train_cost as the fixture reports it: size % 4, none for size 5. */
const trainCost = (size: number) => (size === 5 ? null : size % 4);

/** Sizes in the order a sort by train_cost must give them: by value (nulls last), ties by ordinal (grid order = size order). */
const byTrainCost = (order: 'asc' | 'desc', keep: (size: number) => boolean = () => true) =>
  sizes
    .filter(keep)
    .sort((a, b) => {
      const [x, y] = [trainCost(a), trainCost(b)];
      if (x === null || y === null) return (x === null ? 1 : 0) - (y === null ? 1 : 0) || a - b;
      return (order === 'asc' ? x - y : y - x) || a - b;
    });

describe.each(databaseKinds)('every metric a trainer reports, through the API (%s)', (kind) => {
  const stack = useTestStack(kind, { trainers: createTrainerRegistry([hfStyleTrainer]) });
  let searchId: string;
  let trials: any[];

  beforeAll(async () => {
    searchId = (await postSearch(stack().app!, spec)).id;
    await waitForSearch(stack().app!, searchId, ['succeeded'], 90_000);
    trials = await allTrials(stack().app!, searchId);
  });

  const page = (query: string) => stack().app!.inject({ method: 'GET', url: `/v1/searches/${searchId}/trials?${query}` });
  /** Sizes of every trial a query lists, following its cursors with pages of `limit`. */
  async function pagedSizes(query: string, limit: number): Promise<number[]> {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const answer: { items: any[]; nextCursor: string | null } = await getJson(stack().app!, `/v1/searches/${searchId}/trials?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...answer.items.map((trial) => trial.params.size as number));
      cursor = answer.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.max(1, Math.ceil(seen.length / limit)));
    return seen;
  }

  it('lists every trial with its final metrics, the one optimised and the one not', () => {
    expect(trials.map((trial) => trial.params.size)).toEqual(sizes);
    for (const trial of trials) {
      const size = trial.params.size as number;
      expect(trial.metrics).toEqual(size === 5 ? { eval_accuracy: size / 100 } : { eval_accuracy: size / 100, train_cost: trainCost(size) });
    }
  });

  it('sorts by a metric the spec does not optimise, either way, ties by ordinal and trials without it last, across pages', async () => {
    expect(await pagedSizes('sort=metric:train_cost', 5)).toEqual(byTrainCost('asc'));
    expect(await pagedSizes('sort=metric:train_cost&order=desc', 2)).toEqual(byTrainCost('desc'));
    expect(await pagedSizes('sort=metric:train_cost&order=asc', 200)).toEqual(byTrainCost('asc'));
    // a metric no trial reports sorts nothing out of ordinal order
    expect(await pagedSizes('sort=metric:bleu', 5)).toEqual(sizes);
  });

  it('filters on final metrics, combined with a status filter, a sort and pagination', async () => {
    expect(await pagedSizes('filter=train_cost:lte:1&sort=metric:train_cost', 3)).toEqual(byTrainCost('asc', (size) => (trainCost(size) ?? Infinity) <= 1));
    expect(await pagedSizes('filter=train_cost:gt:0,train_cost:lt:3&sort=metric:train_cost&order=desc', 2)).toEqual(
      byTrainCost('desc', (size) => trainCost(size) !== null && trainCost(size)! > 0 && trainCost(size)! < 3),
    );
    expect(await pagedSizes('filter=eval_accuracy:gte:0.1&status=succeeded&sort=objective', 2)).toEqual([12, 11, 10]);
    expect(await pagedSizes('filter=train_cost:gte:-1e3', 4)).toEqual(sizes.filter((size) => size !== 5));
  });

  it('rejects a bad sort, filter or cursor with a 400 naming the field, and takes nothing from a metric name into SQL', async () => {
    const problems = {
      'sort=metric:train cost': 'sort',
      "sort=metric:x');drop table trials;--": 'sort',
      'sort=cost': 'sort',
      'filter=train_cost:above:1': 'filter',
      'filter=train_cost:lt:': 'filter',
      'filter=train_cost:lt:1e999': 'filter',
      [`filter=${Array.from({ length: 17 }, () => 'train_cost:lt:1').join(',')}`]: 'filter',
    };
    for (const [query, field] of Object.entries(problems)) {
      const answer = await page(encodeURI(query).replaceAll(';', '%3B'));
      expect(answer.statusCode, query).toBe(400);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(answer.json().errors, query).toEqual([expect.objectContaining({ in: 'querystring', field })]);
    }
    const overflow = (await page('filter=train_cost:lt:1e999')).json();
    expect(overflow.errors[0].message).toBe('train_cost:lt:1e999: 1e999 is not a finite number');

    const byObjective = (await page('sort=objective&limit=2')).json();
    const reused = await page(`sort=metric:train_cost&limit=2&cursor=${byObjective.nextCursor}`);
    expect(reused.statusCode).toBe(400);
    expect(reused.json().errors).toEqual([{ in: 'querystring', field: 'cursor', message: 'was returned by a page sorted by objective, not metric:train_cost' }]);
    expect((await getJson(stack().app!, `/v1/searches/${searchId}/trials?limit=200`)).items).toHaveLength(12);
  });

  it('keeps a training line and an evaluation line at the same step together, and lists each metric’s curve at /metrics', async () => {
    const trial = trials.find((t) => t.params.size === 4)!;
    const { curve } = await getJson(stack().app!, `/v1/trials/${trial.id}`);
    expect(curve.map(({ step, epoch, values }: any) => ({ step, epoch, values }))).toEqual([
      { step: 10, epoch: 0.99, values: { loss: 0.25, learning_rate: 1e-4, eval_loss: 0.5, eval_accuracy: 0.02 } },
      { step: 20, epoch: 1.99, values: { loss: 0.125, learning_rate: 5e-5, eval_loss: 0.25, eval_accuracy: 0.04 } },
    ]);

    const all = await getJson(stack().app!, `/v1/trials/${trial.id}/metrics`);
    expect(all.trialId).toBe(trial.id);
    expect(all.names).toEqual(['eval_accuracy', 'eval_loss', 'learning_rate', 'loss']);
    expect(all.series.map((series: { name: string }) => series.name)).toEqual(all.names);

    const named = await getJson(stack().app!, `/v1/trials/${trial.id}/metrics?names=eval_accuracy,loss,bleu`);
    expect(named.names).toEqual(all.names);
    expect(named.series).toEqual([
      { name: 'eval_accuracy', points: [{ step: 10, epoch: 0.99, value: 0.02 }, { step: 20, epoch: 1.99, value: 0.04 }] },
      { name: 'loss', points: [{ step: 10, epoch: 0.99, value: 0.25 }, { step: 20, epoch: 1.99, value: 0.125 }] },
      { name: 'bleu', points: [] },
    ]);

    const tooMany = await stack().app!.inject({ method: 'GET', url: `/v1/trials/${trial.id}/metrics?names=${Array.from({ length: 65 }, (_, i) => `m${i}`).join(',')}` });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors).toEqual([expect.objectContaining({ in: 'querystring', field: 'names', message: 'at most 64 metric names' })]);
    const unknown = await stack().app!.inject({ method: 'GET', url: '/v1/trials/00000000-0000-4000-8000-000000000000/metrics' });
    expect(unknown.statusCode).toBe(404);
  });
});
