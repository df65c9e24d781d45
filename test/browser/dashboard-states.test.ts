import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../src/client/index';
import { syntheticSweepYaml } from '../fixtures/synthetic-sweep';
import { getJson, waitForSearch } from '../support/api';
import { browserTestsRun, closeDashboard, openDashboard } from '../support/dashboard-browser';
import type { TestStack } from '../support/stack';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
/** Longer than two polls of a page that kept polling. */
const POLLS_MS = 2_500;

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}
const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe.runIf(browserTestsRun())('the dashboard’s states, errors and narrow layout in headless Chromium', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let url: string;

  const postYaml = async (yaml: string) => {
    const response = await stack.app!.inject({ method: 'POST', url: '/v1/searches', headers: { 'content-type': 'application/yaml' }, payload: yaml });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>().id;
  };

  beforeAll(async () => {
    ({ stack, browser, page, url } = await openDashboard({}, { width: 1200, height: 900 }));
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  });
  afterAll(async () => {
    await closeDashboard({ stack, browser });
  });

  it('asks before cancelling: declined, nothing is sent; confirmed, the page says the search was cancelled and waits for nothing', async () => {
    const id = await postYaml(syntheticSweepYaml({ name: 'to cancel', maxTrials: 6, parallelism: 2, durationMs: 600_000, steps: 50 }));
    await page.goto(`${url}/#/searches/${id}`);
    await expect.poll(() => page.locator('#progress-text').textContent(), { timeout: 30_000 }).toContain('running 2');
    const cancelRequests: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/cancel')) cancelRequests.push(request.url());
    });

    await page.click('#cancel');
    await expect.poll(() => page.locator('#confirm-dialog').isVisible()).toBe(true);
    expect(await page.locator('#confirm-question').textContent()).toContain('Cancel “to cancel”? 2 running trials will be stopped');
    await page.click('#confirm-decline');
    await expect.poll(() => page.locator('#confirm-dialog').count()).toBe(0);
    expect(cancelRequests).toEqual([]);
    expect((await getJson(stack.app!, `/v1/searches/${id}`)).status).toBe('running');
    expect(await page.locator('#cancel').isEnabled()).toBe(true);

    await page.click('#cancel');
    await page.click('#confirm-accept');
    await expect.poll(() => page.locator('#search-status').textContent(), { timeout: 30_000 }).toBe('cancelled');
    expect(cancelRequests).toHaveLength(1);
    await expect.poll(() => page.locator('#search-outcome').textContent()).toBe('Cancelled: 0 of 6 trials completed. Resume it to run the rest.');
    expect(await page.locator('#progress-text').textContent()).toBe('2 / 6 trials · stopped at 33.3% · cancelled 2');
    expect(await page.locator('#best').textContent()).toBe('No trial succeeded before it was cancelled.');
    for (const chart of ['chart-history', 'chart-parallel', 'chart-importance'])
      await expect.poll(() => page.locator(`#${chart} svg`).textContent()).toBe('no trial succeeded before it was cancelled');
    expect(await page.locator('#app').textContent()).not.toContain('waiting');
    expect(await page.locator('#cancel').isDisabled()).toBe(true);
    expect(await page.locator('#resume').isEnabled()).toBe(true);
  });

  it('shows infeasible trials: counted in the progress, a status of their own in the filter, the broken constraint on the trial page', async () => {
    const response = await stack.app!.inject({
      method: 'POST',
      url: '/v1/searches',
      payload: {
        name: 'constrained',
        objective: { metric: 'eval_accuracy', goal: 'maximize' },
        constraints: [{ metric: 'train_cost', max: 2 }],
        algorithm: 'grid',
        trainer: { name: 'synthetic' },
        space: { num_train_epochs: { type: 'int', values: [1, 2, 3, 4] } },
        fixed: { steps: 1 },
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    const { id } = response.json<{ id: string }>();
    await waitForSearch(stack.app!, id, ['succeeded', 'failed'], 60_000);
    await page.goto(`${url}/#/searches/${id}`);
    await expect.poll(() => page.locator('#progress-text').textContent(), { timeout: 20_000 }).toBe('4 / 4 trials · 100% · succeeded 2 · infeasible 2');
    expect(await page.locator('#search-meta').textContent()).toBe(`grid search · trainer synthetic · maximize eval_accuracy · train_cost ≤ 2 · ${id}`);
    expect(await page.locator('#trial-status-filter option[value="infeasible"]').count()).toBe(1);

    const infeasible = (await getJson(stack.app!, `/v1/searches/${id}/trials?status=infeasible`)).items as { id: string; ordinal: number }[];
    expect(infeasible).toHaveLength(2);
    await page.goto(`${url}/#/trials/${infeasible[0]!.id}`);
    await expect.poll(() => page.locator('#trial-error').textContent()).toMatch(/^infeasible: train_cost = \d is above its max 2 \(constraints\.0\)$/);
    expect(await page.locator('.badge.status-infeasible').count()).toBeGreaterThan(0);
  });

  it('shows the 404 of an unknown search or trial, with nothing live on the page and no more polling', async () => {
    for (const [route, apiPath, title] of [
      [`#/searches/${UNKNOWN_ID}`, `/v1/searches/${UNKNOWN_ID}`, 'No such search'],
      [`#/trials/${UNKNOWN_ID}`, `/v1/trials/${UNKNOWN_ID}`, 'No such trial'],
    ] as const) {
      const reads: string[] = [];
      const count = (request: { url(): string }) => void (request.url().endsWith(apiPath) && reads.push(request.url()));
      page.on('request', count);
      await page.goto(`${url}/${route}`);
      await expect.poll(() => page.locator('#not-found h1').textContent()).toBe(title);
      expect(await page.locator('#not-found .problem strong').textContent()).toContain('HTTP 404');
      await page.waitForTimeout(POLLS_MS);
      expect(reads).toHaveLength(1);
      expect(await page.locator('#app').textContent()).not.toContain('loading');
      expect(await page.locator('#app button:enabled').count()).toBe(0);
      page.off('request', count);
    }
  });

  it('shows a YAML syntax error with its line and column, and puts the cursor on that line', async () => {
    const broken = syntheticSweepYaml({ name: 'broken yaml' }).replace('  top_p:                       { type: float, low: 0.8, high: 1.0 }', '  top_p:                       { type: float, low: 0.8, high: 1.0');
    const answer = await stack.app!.inject({ method: 'POST', url: '/v1/searches', headers: { 'content-type': 'application/yaml' }, payload: broken });
    const [first] = answer.json<Problem>().errors!;
    expect(first!.line).toBeGreaterThan(1);

    await page.goto(`${url}/#/new`);
    await page.fill('#spec-text', broken);
    await page.click('#spec-submit');
    await expect.poll(() => page.locator('.problem-errors li').first().textContent()).toBe(`line ${first!.line}, column ${first!.column}: ${first!.message}`);
    const editor = page.locator('#spec-text');
    expect(await editor.evaluate((text) => text.ownerDocument.activeElement === text)).toBe(true);
    const cursor = await editor.evaluate((text) => Reflect.get(text, 'selectionStart') as number);
    expect((await editor.inputValue()).slice(0, cursor).split('\n')).toHaveLength(first!.line!);
  });

  it('fits 390 px: tables scroll in their boxes, charts stack, legends clear the axis names, nothing overflows the page', async () => {
    const id = await postYaml(syntheticSweepYaml({ name: 'a search with a long name to wrap on a phone screen', maxTrials: 4, parallelism: 2, durationMs: 10, steps: 3 }));
    await waitForSearch(stack.app!, id, ['succeeded'], 60_000);
    const [trial] = (await getJson(stack.app!, `/v1/searches/${id}/trials`)).items;
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const pageWidth = () => phone.locator('html').evaluate((html) => html.scrollWidth);

    await phone.goto(`${url}/#/`);
    await expect.poll(() => phone.locator('#search-list tbody tr').count()).toBeGreaterThan(0);
    expect(await pageWidth()).toBeLessThanOrEqual(390);
    expect(await phone.locator('#search-list').evaluate((table) => table.parentElement!.scrollWidth > table.parentElement!.clientWidth)).toBe(true);

    await phone.goto(`${url}/#/searches/${id}`);
    await expect.poll(() => phone.locator('#trials-table tbody tr').count()).toBe(4);
    await expect.poll(() => phone.locator('#chart-history svg text').allTextContents()).toContain('eval_accuracy');
    expect(await pageWidth()).toBeLessThanOrEqual(390);
    const [best, history] = await Promise.all(['#best', '#chart-history'].map((box) => phone.locator(box).boundingBox()));
    expect(history!.x).toBe(best!.x);
    expect(history!.y).toBeGreaterThan(best!.y + best!.height);
    const textBoxes: Record<string, Box> = await phone.locator('#chart-history svg').evaluate((svg) =>
      Object.fromEntries(
        [...svg.querySelectorAll('text')].map((text) => {
          const { left, right, top, bottom } = text.getBoundingClientRect();
          return [text.textContent, { left, right, top, bottom }];
        }),
      ),
    );
    for (const legend of ['trial', 'best so far (maximize)']) expect(overlaps(textBoxes[legend]!, textBoxes.eval_accuracy!)).toBe(false);
    mkdirSync('test-artifacts', { recursive: true });
    await phone.screenshot({ path: 'test-artifacts/search-page-390.png', fullPage: true });

    await phone.goto(`${url}/#/trials/${trial.id}`);
    await expect.poll(() => phone.locator('#trial-title').textContent()).toBe(`Trial #${trial.ordinal}`);
    expect(await pageWidth()).toBeLessThanOrEqual(390);
    await phone.close();
  });
});
