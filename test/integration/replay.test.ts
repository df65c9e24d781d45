import { readFile, writeFile } from 'node:fs/promises';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { sweepWorkflowId } from '../../src/temporal/sweep-control';
import { bundleWorkflows } from '../../src/temporal/workers';
import { postSearch, waitForSearch } from '../support/api';
import { useTestStack } from '../support/stack';

const FIXTURE = 'test/fixtures/sweep-history.json';

/** Set RECORD_SWEEP_HISTORY=1 to refresh the committed history after an intended workflow change. */
const record = process.env.RECORD_SWEEP_HISTORY === '1';

describe('sweep workflow replay', () => {
  const stack = useTestStack('pglite', { trialsPerRun: 4 });

  it('replays the committed history of a sweep with the current workflow code', async () => {
    const history = historyFromJSON(JSON.parse(await readFile(FIXTURE, 'utf8')));
    await Worker.runReplayHistory({ workflowBundle: await bundleWorkflows() }, history, 'recorded-sweep');
  });

  it('replays a fresh sweep that continued as new and ran trials in parallel', async () => {
    const { id } = await postSearch(stack().app!, {
      objective: { metric: 'eval_accuracy', goal: 'maximize' },
      algorithm: 'grid',
      budget: { parallelism: 3 },
      trainer: { name: 'synthetic' },
      space: { learning_rate: { type: 'float', values: [1e-4, 3e-4, 1e-3, 1e-2] }, lr_scheduler_type: { type: 'categorical', values: ['linear', 'cosine'] } },
    });
    expect((await waitForSearch(stack().app!, id, ['succeeded', 'failed'])).status).toBe('succeeded');
    const lastRun = await stack().client.workflow.getHandle(sweepWorkflowId(id)).fetchHistory();
    const previousRunId = lastRun.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    expect(previousRunId).toBeTruthy();
    const firstRun = await stack().client.workflow.getHandle(sweepWorkflowId(id), previousRunId!).fetchHistory();
    expect(firstRun.events?.some((e) => e.workflowExecutionContinuedAsNewEventAttributes)).toBe(true);
    await Worker.runReplayHistory({ workflowBundle: await bundleWorkflows() }, lastRun, sweepWorkflowId(id));
    await Worker.runReplayHistory({ workflowBundle: await bundleWorkflows() }, firstRun, sweepWorkflowId(id));
    if (record) await writeFile(FIXTURE, historyToJSON(firstRun));
  });
});
