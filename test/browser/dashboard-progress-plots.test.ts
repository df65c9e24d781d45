import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { palette, statusColors } from '../../web/src/charts/palette';
import type { CommandTrainerConfig } from '../../src/trainers/command/config';
import { createTrainerRegistry } from '../../src/trainers/registry';
import { allTrials, postSearch, waitForSearch } from '../support/api';
import { browserTestsRun, closeDashboard, openDashboard } from '../support/dashboard-browser';
import { exampleTrainer, type TestStack } from '../support/stack';


/** test/fixtures/failing_trainer.py: `deep` raises (the trial fails at once), `merge` succeeds with eval_accuracy 0.7. */
const failingTrainer: CommandTrainerConfig = {
  ...exampleTrainer,
  name: 'failing',
  command: ['python3', path.resolve('test/fixtures/failing_trainer.py')],
  parameters: { failure: { stage: 'train', description: '' } },
  metrics: ['eval_accuracy'],
};

const objective = { metric: 'eval_accuracy', goal: 'maximize' };
/** Eight synthetic trials, three at a time; the two at learning rate 0.02 diverge. */
const divergingGrid = {
  name: 'diverging grid',
  objective,
  algorithm: 'grid',
  budget: { parallelism: 3 },
  trainer: { name: 'synthetic' },
  space: { learning_rate: { type: 'float', values: [1e-4, 3e-4, 1e-3, 2e-2] }, lr_scheduler_type: { type: 'categorical', values: ['linear', 'cosine'] } },
  fixed: { steps: 20, duration_ms: 1200 },
};
const failingGrid = { name: 'failing grid', objective, algorithm: 'grid', budget: { parallelism: 2 }, trainer: { name: 'failing' }, space: { failure: { type: 'categorical', values: ['deep', 'merge'] } } };

/** The fill colours of what ECharts drew in a chart, with how often each occurs. */
async function fills(page: Page, chartId: string): Promise<Record<string, number>> {
  return page.locator(`#${chartId} svg`).evaluate((svg) => {
    const counts: Record<string, number> = {};
    for (const shape of svg.querySelectorAll('path')) {
      const fill = shape.getAttribute('fill')?.toLowerCase();
      if (fill) counts[fill] = (counts[fill] ?? 0) + 1;
    }
    return counts;
  });
}

/** The outlines of the lines a chart drew in `stroke`. */
const strokedPaths = (page: Page, chartId: string, stroke: string) =>
  page.locator(`#${chartId} svg path[stroke="${stroke}"][fill="none"]`).evaluateAll((paths) => paths.map((p) => p.getAttribute('d') ?? ''));

describe.runIf(browserTestsRun())('the dashboard’s progress plots in headless Chromium', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let url: string;
  /** Console errors and uncaught exceptions of the page, e.g. ECharts' translate(NaN …) of an unguarded series. */
  const pageErrors: string[] = [];
  const ids = { diverging: '', failing: '' };

  beforeAll(async () => {
    ({ stack, browser, page, url } = await openDashboard({ trainers: createTrainerRegistry([failingTrainer]) }));
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`${page.url()}: ${message.text()}`);
    });
  });
  afterAll(async () => {
    await closeDashboard({ stack, browser });
  });

  it('follows a search whose trials diverge: a timeline bar per trial in its worker’s lanes, diverged markers under the history', async () => {
    ids.diverging = (await postSearch(stack.app!, divergingGrid)).id;
    // open while the first trials run, so the plots are drawn from their first points on
    await page.goto(`${url}/#/searches/${ids.diverging}`);
    await expect.poll(() => page.locator('#search-status').textContent(), { timeout: 60_000, interval: 250 }).toBe('succeeded');
    await expect.poll(() => page.locator('#trials-table tbody tr').count()).toBe(8);
    const trials = await allTrials(stack.app!, ids.diverging);
    expect(trials.filter((t) => t.status === 'diverged')).toHaveLength(2);

    // the bars, and one legend icon per status
    await expect.poll(() => fills(page, 'chart-timeline')).toMatchObject({ [statusColors.succeeded]: 6 + 1, [statusColors.diverged]: 2 + 1 });
    const labels = await page.locator('#chart-timeline svg text').allTextContents();
    expect(labels).toContain(trials[0].worker);
    expect(labels).toEqual(expect.arrayContaining(['succeeded', 'diverged', 'failed', 'running']));

    expect(await page.locator('#chart-history svg text').allTextContents()).toEqual(expect.arrayContaining(['diverged', 'best so far (maximize)']));
    expect((await fills(page, 'chart-history'))[statusColors.diverged]).toBe(2 + 1);
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/progress-plots.png', fullPage: true });
  });

  it('smooths the loss curves with the slider, keeping the raw ones behind', async () => {
    const raw = await strokedPaths(page, 'chart-loss', palette[0]!);
    expect(raw).toHaveLength(1);
    await page.locator('#curve-smoothing').fill('0.9');
    expect(await page.locator('#curve-smoothing-value').textContent()).toBe('0.9');
    await expect.poll(() => strokedPaths(page, 'chart-loss', palette[0]!)).toHaveLength(2);
    const lines = await strokedPaths(page, 'chart-loss', palette[0]!);
    expect(lines).toContain(raw[0]);
    // the smoothed curve lags behind the raw one: another path
    expect(lines.filter((d) => d !== raw[0])).toHaveLength(1);
  });

  it('marks a failed trial in the history', async () => {
    ids.failing = (await postSearch(stack.app!, failingGrid)).id;
    await waitForSearch(stack.app!, ids.failing, ['succeeded'], 60_000);
    await page.goto(`${url}/#/searches/${ids.failing}`);
    await expect.poll(() => page.locator('#chart-history svg text').allTextContents()).toEqual(expect.arrayContaining(['failed']));
    expect((await fills(page, 'chart-history'))[statusColors.failed]).toBe(1 + 1);

    const [deep] = await allTrials(stack.app!, ids.failing, '&status=failed');
    expect(deep!.error.split('\n').length, 'a traceback of several lines').toBeGreaterThan(2);
    await page.goto(`${url}/#/trials/${deep!.id}`);
    await expect.poll(() => page.locator('#trial-error').innerText()).toBe(deep!.error);
  });

  it('compares the searches ticked in the list: their best so far on one chart, a row each', async () => {
    await page.goto(`${url}/#/`);
    for (const id of [ids.diverging, ids.failing]) await page.locator(`#search-list tr[data-search="${id}"] .compare-pick`).check();
    await page.click('#compare-selected');
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/compare?searches=${ids.diverging},${ids.failing}`);
    await expect.poll(() => page.locator('#compare-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-search')))).toEqual([ids.diverging, ids.failing]);
    const rows = await page.locator('#compare-table tbody tr').allTextContents();
    expect(rows[0]).toContain('diverging grid');
    expect(rows[0]).toContain('8 / 8');
    expect(rows[1]).toContain('failing grid');
    expect(await page.locator('#compare-table tbody tr:nth-child(2) .best-cell').textContent()).toBe('0.7');
    expect(await page.locator('#chart-compare svg text').allTextContents()).toEqual(expect.arrayContaining(['diverging grid', 'failing grid']));
    // the diverging grid's best so far steps through its trials; the failing grid's, one succeeded trial, is a point
    const steps = (await strokedPaths(page, 'chart-compare', palette[0]!)).map((d) => d.match(/L/g)?.length ?? 0);
    expect(Math.max(...steps)).toBeGreaterThanOrEqual(6);
    await page.screenshot({ path: 'test-artifacts/compare-page.png', fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
