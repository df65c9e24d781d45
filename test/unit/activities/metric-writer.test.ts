import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricWriter } from '../../../activities/metric-writer';
import { recordSuggestedTrials, trialCurve, type Database } from '../../../src/db/index';
import { createTestDatabase } from '../../support/databases';
import { insertFakeSearch } from './fake-search';

describe('metric writer', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
  });
  afterAll(async () => {
    await database?.close();
  });

  it('merges a point at the step of the last one waiting, without taking a place of its own in the bounded buffer', async () => {
    const searchId = await insertFakeSearch(database.db);
    const [trial] = await recordSuggestedTrials(database.db, searchId, [{ ordinal: 0, params: { learning_rate: 0.001 }, trainKey: 'k' }]);
    const writer = new MetricWriter(database.db, trial!.id, 2);
    expect(writer.add({ step: 10, epoch: 0.99, values: { loss: 0.5 } })).toBe(true);
    expect(writer.add({ step: 10, epoch: 1, values: { eval_accuracy: 0.8 } })).toBe(true);
    expect(writer.add({ step: 20, values: { loss: 0.25 } })).toBe(true);
    expect(writer.add({ step: 20, values: { eval_accuracy: 0.9 } })).toBe(true);
    expect(writer.add({ step: 30, values: { loss: 0.1 } })).toBe(false);
    await writer.flush();
    // a line at a step already stored adds its keys there
    expect(writer.add({ step: 20, values: { eval_loss: 0.2 } })).toBe(true);
    await writer.flush();
    const curve = await trialCurve(database.db, trial!.id);
    expect(curve.map(({ step, epoch, values }) => ({ step, epoch, values }))).toEqual([
      { step: 10, epoch: 0.99, values: { loss: 0.5, eval_accuracy: 0.8 } },
      { step: 20, epoch: null, values: { loss: 0.25, eval_accuracy: 0.9, eval_loss: 0.2 } },
    ]);
  });
});
