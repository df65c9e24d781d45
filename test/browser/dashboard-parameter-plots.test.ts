import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Search } from '../../src/client/index';
import { getJson, waitForSearch } from '../support/api';
import { browserTestsRun, closeDashboard, consoleErrorsOf, openDashboard } from '../support/dashboard-browser';
import type { TestStack } from '../support/stack';

const LONG_SCHEDULER = 'cosine_with_restarts_for_a_long_fine_tuning_run';

/** A random search whose parameters are listed out of alphabetical order: a log float, an int, a categorical, a float. */
const mixedSpaceYaml = `name: parameter plots
objective: { metric: eval_accuracy, goal: maximize }
algorithm: random
seed: 3
budget: { maxTrials: 12, parallelism: 4 }
trainer: { name: synthetic }
space:
  top_p:                       { type: float, low: 0.8, high: 1.0 }
  learning_rate:               { type: float, low: 1.0e-5, high: 3.0e-3, log: true }
  gradient_accumulation_steps: { type: int, low: 1, high: 4 }
  lr_scheduler_type:           { type: categorical, values: [linear, ${LONG_SCHEDULER}, constant] }
fixed: { steps: 2, duration_ms: 20, num_train_epochs: 2 }
`;
const postedParameters = ['top_p', 'learning_rate', 'gradient_accumulation_steps', 'lr_scheduler_type'];

/** The name a chart text shows in full, or cut with ECharts' ellipsis. */
const shownName = (text: string, names: readonly string[]) => names.find((name) => name === text || (text.endsWith('...') && name.startsWith(text.slice(0, -3))));

/** Paths ECharts drew in a chart, with the number of segments of each. */
async function drawnPaths(page: Page, chartId: string): Promise<number[]> {
  return page.locator(`#${chartId} svg`).evaluate((svg) => [...svg.querySelectorAll('path')].map((path) => (path.getAttribute('d') ?? '').match(/[LCQA]/gi)?.length ?? 0));
}

/** The texts of a chart, left to right. */
async function textsLeftToRight(page: Page, chartId: string): Promise<string[]> {
  return page.locator(`#${chartId} svg`).evaluate((svg) =>
    [...svg.querySelectorAll('text')].map((text) => ({ text: text.textContent ?? '', x: text.getBoundingClientRect().x })).sort((a, b) => a.x - b.x).map((t) => t.text),
  );
}

describe.runIf(browserTestsRun())('the parameter plots of the dashboard in headless Chromium', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let url: string;
  let consoleErrors: string[] = [];

  beforeAll(async () => {
    ({ stack, browser, page, url } = await openDashboard());
    consoleErrors = consoleErrorsOf(page);
  });
  afterAll(async () => {
    await closeDashboard({ stack, browser });
  });

  it('keeps the posted parameter order through the API, fixed values apart', async () => {
    const created = await stack.app!.inject({ method: 'POST', url: '/v1/searches', headers: { 'content-type': 'application/yaml' }, payload: mixedSpaceYaml });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json<{ id: string }>();
    await waitForSearch(stack.app!, id, ['succeeded'], 60_000);
    const search = await getJson<Search>(stack.app!, `/v1/searches/${id}`);
    expect(search.parameters.map((p) => p.name)).toEqual(postedParameters);
    expect(search.parameters[1]).toMatchObject({ type: 'float', log: true, low: 1e-5, high: 3e-3 });
    expect(search.fixed).toEqual([
      { name: 'steps', value: 2 },
      { name: 'duration_ms', value: 20 },
      { name: 'num_train_epochs', value: 2 },
    ]);

    await page.goto(`${url}/#/searches/${id}`);
    await expect.poll(() => page.locator('#progress-text').textContent(), { timeout: 20_000 }).toMatch(/^12 \/ 12 trials/);
    await expect.poll(async () => (await drawnPaths(page, 'chart-edf')).length, { timeout: 10_000 }).toBeGreaterThan(0);
  });

  it('draws the parallel coordinates through the searched parameters in the spec order, the fixed ones listed apart', async () => {
    const candidates = [...postedParameters, 'eval_accuracy', 'steps', 'duration_ms', 'num_train_epochs'];
    const axisNames = (await textsLeftToRight(page, 'chart-parallel')).map((text) => shownName(text, candidates)).filter((name) => name !== undefined);
    expect(axisNames).toEqual([...postedParameters, 'eval_accuracy']);
    expect((await drawnPaths(page, 'chart-parallel')).filter((segments) => segments >= postedParameters.length).length).toBeGreaterThanOrEqual(12);
    expect(await page.locator('#fixed-params th').allTextContents()).toEqual(['steps', 'duration_ms', 'num_train_epochs']);
    expect(await page.locator('#fixed-params td').allTextContents()).toEqual(['2', '20', '2']);
  });

  it('draws a slice per picked parameter: a point per trial, a log axis for a log parameter', async () => {
    expect(await page.locator('#slice-param option').allTextContents()).toEqual(postedParameters);
    expect(await page.locator('#slice-param').inputValue()).toBe('top_p');
    expect((await drawnPaths(page, 'chart-slice')).length).toBeGreaterThanOrEqual(12);
    await page.selectOption('#slice-param', 'learning_rate');
    await expect.poll(() => page.locator('#chart-slice svg').textContent()).toContain('learning_rate');
    expect(await textsLeftToRight(page, 'chart-slice')).toEqual(expect.arrayContaining(['0.00001', '0.0001', '0.001']));
    await page.selectOption('#slice-param', 'lr_scheduler_type');
    await expect.poll(() => page.locator('#chart-slice svg').textContent()).toContain('lr_scheduler_type');
    const categoryLabels = await textsLeftToRight(page, 'chart-slice');
    expect(categoryLabels).toEqual(expect.arrayContaining(['linear', 'constant']));
    expect(categoryLabels).not.toContain(LONG_SCHEDULER);
    expect(categoryLabels.some((label) => label !== LONG_SCHEDULER && shownName(label, [LONG_SCHEDULER]) !== undefined)).toBe(true);
  });

  it('draws the contour of two picked parameters with the trials on it, integer ticks on an int axis', async () => {
    await page.selectOption('#contour-x', 'gradient_accumulation_steps');
    await page.selectOption('#contour-y', 'lr_scheduler_type');
    await expect.poll(() => page.locator('#chart-contour svg').textContent()).toContain('gradient_accumulation_steps');
    // interpolated cells and a point per trial
    expect((await drawnPaths(page, 'chart-contour')).length).toBeGreaterThanOrEqual(12 + 4);
    const numbers = (await textsLeftToRight(page, 'chart-contour')).filter((text) => /^-?\d+(\.\d+)?$/.test(text));
    expect(numbers).toEqual(['1', '2', '3', '4']);

    await page.selectOption('#contour-x', 'learning_rate');
    await page.selectOption('#contour-y', 'top_p');
    await expect.poll(() => page.locator('#chart-contour svg').textContent()).toContain('top_p');
    expect((await drawnPaths(page, 'chart-contour')).length).toBeGreaterThanOrEqual(12 + 4);
  });

  it('draws the empirical distribution of the objective as a step line from 0 to 1, with no console errors', async () => {
    const steps = await drawnPaths(page, 'chart-edf');
    expect(Math.max(...steps)).toBeGreaterThanOrEqual(12);
    const yLabels = await page.locator('#chart-edf svg text').allTextContents();
    expect(yLabels).toEqual(expect.arrayContaining(['0', '1']));
    for (const chart of ['chart-parallel', 'chart-slice', 'chart-contour', 'chart-edf']) expect(await page.locator(`#${chart}`).innerHTML()).not.toContain('NaN');
    expect(consoleErrors).toEqual([]);
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/parameter-plots.png', fullPage: true });
  });
});
