import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParameterImportance } from '../../src/client/index';
import { formatShare } from '../../src/client/format';
import { invalidSweepYaml, syntheticSweepYaml } from '../fixtures/synthetic-sweep';
import { browserTestsRun, closeDashboard, openDashboard } from '../support/dashboard-browser';
import { createTrainerRegistry } from '../../src/trainers/registry';
import { hfStyleSpec, hfStyleTrainer } from '../fixtures/hf-style-trainer';
import { getJson, postSearch, waitForSearch } from '../support/api';
import { exampleTrainer, type TestStack } from '../support/stack';

const SCREENSHOT = 'test-artifacts/search-page.png';

/** Paths ECharts drew in a chart, with the number of segments of each. */
async function drawnPaths(page: Page, chartId: string): Promise<number[]> {
  return page.locator(`#${chartId} svg`).evaluate((svg) =>
    [...svg.querySelectorAll('path')].map((path) => (path.getAttribute('d') ?? '').match(/[LCQA]/gi)?.length ?? 0),
  );
}

describe.runIf(browserTestsRun())('the web dashboard in headless Chromium', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let url: string;
  /** What Chromium reports on the console for anything the CSP blocked. */
  const cspViolations: string[] = [];

  beforeAll(async () => {
    ({ stack, browser, page, url } = await openDashboard({ trainers: createTrainerRegistry([exampleTrainer, hfStyleTrainer]) }));
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (/content security policy/i.test(message.text())) cspViolations.push(`${page.url()}: ${message.text()}`);
    });
  });
  afterAll(async () => {
    await closeDashboard({ stack, browser });
  });

  it('shows the API’s field errors for an invalid spec', async () => {
    await page.goto(`${url}/`);
    await page.click('a[href="#/new"]');
    await page.fill('#spec-text', invalidSweepYaml());
    await page.click('#spec-submit');
    await expect.poll(() => page.locator('.problem-errors li').allTextContents()).toEqual([expect.stringContaining('space.learning_rate.low')]);
    expect(await page.locator('.problem strong').textContent()).toContain('HTTP 400');
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/spec-editor.png' });
  });

  it('starts a sweep from the spec editor and follows it to the end with every plot drawn', async () => {
    await page.fill('#spec-text', syntheticSweepYaml({ name: 'browser sweep', maxTrials: 20, durationMs: 100, steps: 5 }));
    await page.click('#spec-submit');
    await page.waitForURL(/#\/searches\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator('#progress-text').textContent(), { timeout: 45_000, interval: 250 }).toMatch(/^20 \/ 20 trials · 100%/);
    await expect.poll(() => page.locator('#search-status').textContent(), { timeout: 20_000, interval: 250 }).toBe('succeeded');
    await expect.poll(() => page.locator('#search-outcome').textContent(), { timeout: 5_000 }).toBe('Ended: ran its budget of trials.');
    await expect.poll(() => page.locator('#trials-table tbody tr').count(), { timeout: 10_000 }).toBe(20);

    const scatterAndLine = await drawnPaths(page, 'chart-history');
    expect(scatterAndLine.length).toBeGreaterThanOrEqual(20);
    expect(Math.max(...scatterAndLine)).toBeGreaterThanOrEqual(2);
    expect((await drawnPaths(page, 'chart-parallel')).filter((segments) => segments >= 5).length).toBeGreaterThanOrEqual(20);
    expect((await drawnPaths(page, 'chart-importance')).length).toBeGreaterThanOrEqual(6);
    const searchId = page.url().split('/').pop()!;
    const importance = (await stack.app!.inject({ method: 'GET', url: `/v1/searches/${searchId}/importance` })).json<ParameterImportance>();
    expect(importance.parameters).toHaveLength(6);
    await expect.poll(() => page.locator('#chart-importance svg text').allTextContents()).toEqual(expect.arrayContaining(importance.parameters.map((p) => formatShare(p.share, p.shareStd))));
    expect(await page.locator('#importance-hint').textContent()).toContain(`fitted to ${importance.trialsUsed} succeeded trials`);
    expect(await page.locator('#curve-metric').inputValue()).toBe('learning_rate');
    for (const curve of ['chart-loss', 'chart-metric']) expect(Math.max(...(await drawnPaths(page, curve)))).toBeGreaterThanOrEqual(4);

    await page.click('#trials-table th[data-sort="objective"]');
    const shownObjectives = async () => (await page.locator('#trials-table tbody tr td:nth-child(4)').allTextContents()).map(Number);
    // the API sorts them: the page is read again
    await expect.poll(async () => { const shown = await shownObjectives(); return shown.length === 20 && shown.every((value, i) => i === 0 || shown[i - 1]! >= value); }, { timeout: 10_000 }).toBe(true);
    const objectives = await shownObjectives();
    expect(Number(await page.locator('#best-objective').textContent())).toBeCloseTo(objectives[0]!, 4);
    await page.fill('#trial-text-filter', 'cosine');
    const schedulers = await page.locator('#trials-table tbody tr').allTextContents();
    expect(schedulers.length).toBeGreaterThan(0);
    expect(schedulers.every((row) => row.includes('cosine'))).toBe(true);
    await page.fill('#trial-text-filter', '');

    await page.click('#resume');
    await expect.poll(() => page.locator('#notice').textContent()).toContain('every trial is done');

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('opens the best trial with its curves', async () => {
    const bestOrdinal = (await page.locator('#best .muted').textContent())!.match(/trial #(\d+)/)![1];
    await page.click('#best-open');
    await page.waitForURL(/#\/trials\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator('#trial-title').textContent()).toBe(`Trial #${bestOrdinal}`);
    await expect.poll(async () => Math.max(0, ...(await drawnPaths(page, 'chart-loss')))).toBeGreaterThanOrEqual(4);
    await expect.poll(async () => Math.max(0, ...(await drawnPaths(page, 'chart-metric')))).toBeGreaterThanOrEqual(4);
    expect(cspViolations).toEqual([]);
  });

  it('plots any metric a trial reported beside its loss: per-epoch evaluation metrics by default, others from the picker', async () => {
    const { id } = await postSearch(stack.app!, hfStyleSpec('browser metrics', [4]));
    await waitForSearch(stack.app!, id, ['succeeded'], 60_000);
    const [trial] = (await getJson(stack.app!, `/v1/searches/${id}/trials`)).items;
    await page.goto(`${url}/#/trials/${trial.id}`);
    await expect.poll(() => page.locator('#curve-metric option').allTextContents()).toEqual(['eval_accuracy', 'eval_loss', 'learning_rate', 'loss']);
    expect(await page.locator('#curve-metric').inputValue()).toBe('eval_accuracy');
    // two evaluations, one per epoch: a line between them
    await expect.poll(async () => Math.max(0, ...(await drawnPaths(page, 'chart-metric')))).toBeGreaterThanOrEqual(1);
    await expect.poll(() => page.locator('#chart-metric svg').textContent()).toContain('eval_accuracy');
    await page.selectOption('#curve-metric', 'eval_loss');
    await expect.poll(() => page.locator('#chart-metric svg').textContent()).toContain('eval_loss');
    expect(cspViolations).toEqual([]);
  });

  it('shows a search’s tags and notes on its page and in the list, and saves edited notes through the API', async () => {
    const created = await stack.app!.inject({ method: 'POST', url: '/v1/searches', headers: { 'content-type': 'application/yaml' }, payload: syntheticSweepYaml({ name: 'annotated sweep', maxTrials: 2, durationMs: 10, steps: 2 }) });
    const { id } = created.json<{ id: string }>();
    await stack.app!.inject({ method: 'PATCH', url: `/v1/searches/${id}`, payload: { tags: { model: 'llama-7b', stage: 'draft' } } });
    await page.goto(`${url}/#/searches/${id}`);
    await expect.poll(() => page.locator('#search-tags .tag').allTextContents()).toEqual(['model: llama-7b', 'stage: draft']);
    expect(await page.locator('#notes-text').inputValue()).toBe('');

    const notes = 'Baseline for the 7B sweep.\nNext: try warmup 0.1.';
    await page.fill('#notes-text', notes);
    expect(await page.locator('#notes-state').textContent()).toBe('not saved');
    await page.click('#notes-save');
    await expect.poll(async () => (await stack.app!.inject({ method: 'GET', url: `/v1/searches/${id}` })).json().notes).toBe(notes);
    await expect.poll(() => page.locator('#notes-state').textContent()).not.toBe('not saved');
    await page.reload();
    await expect.poll(() => page.locator('#notes-text').inputValue()).toBe(notes);

    await page.goto(`${url}/#/`);
    const row = page.locator(`#search-list tr[data-search="${id}"]`);
    await expect.poll(() => row.locator('.tag').allTextContents()).toEqual(['model: llama-7b', 'stage: draft']);
    expect(await row.locator('.notes-preview').textContent()).toBe('Baseline for the 7B sweep.…');
    // the list holds searches of the earlier tests too; a click on a tag keeps those that have it
    expect(await page.locator('#search-list tbody tr').count()).toBeGreaterThan(1);
    await row.locator('.tag[data-tag="model"]').click();
    expect(await page.locator('#tag-filter').inputValue()).toBe('model:llama-7b');
    await expect.poll(() => page.locator('#search-list tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-search')))).toEqual([id]);
    await page.fill('#tag-filter', 'model:other');
    await page.locator('#tag-filter').press('Enter');
    await expect.poll(() => page.locator('#search-list tbody tr').count()).toBe(0);
    expect(cspViolations).toEqual([]);
  });

  it('serves Swagger UI under the same CSP, with nothing blocked', async () => {
    const response = await page.goto(`${url}/docs`);
    expect(response!.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await expect.poll(() => page.locator('.swagger-ui .info .title').textContent(), { timeout: 15_000 }).toContain('hpsearch');
    await expect.poll(() => page.locator('.swagger-ui .opblock').count()).toBeGreaterThan(5);
    await page.locator('.swagger-ui .opblock-summary').first().click();
    await expect.poll(() => page.locator('.swagger-ui .opblock-body').count()).toBeGreaterThan(0);
    expect(cspViolations).toEqual([]);
  });
});
