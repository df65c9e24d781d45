import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Search } from '../../src/client/index';
import { formatValue, spreadText } from '../../src/client/format';
import { postSearch, waitForSearch } from '../support/api';
import { browserTestsRun, closeDashboard, consoleErrorsOf, openDashboard } from '../support/dashboard-browser';
import type { TestStack } from '../support/stack';

/** A 6-trial grid of the synthetic trainer whose accuracy is noisy, each trial evaluated three times. */
const repeatedSpec = {
  name: 'repeated evaluations',
  objective: { metric: 'eval_accuracy', goal: 'maximize' },
  evaluation: { repeats: 3 },
  algorithm: 'grid',
  trainer: { name: 'synthetic' },
  seed: 7,
  budget: { parallelism: 3 },
  fixed: { steps: 1, eval_noise: 0.02 },
  space: {
    learning_rate: { type: 'float', values: [3e-5, 1e-4, 3e-4], log: true },
    num_train_epochs: { type: 'int', values: [2, 3] },
  },
};

/** `0.8123 ± 0.0041 (95%, 3 evaluations)`, the middle and half width to the half width's two significant digits. */
const intervalPattern = /^(\d+\.\d+) ± (\d+\.\d+) \(95%, 3 evaluations\)$/;

describe.runIf(browserTestsRun())('repeated evaluations on the dashboard in headless Chromium', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let url: string;
  let search: Search;
  let consoleErrors: string[] = [];

  beforeAll(async () => {
    ({ stack, browser, page, url } = await openDashboard());
    consoleErrors = consoleErrorsOf(page);
    const { id } = await postSearch(stack.app!, repeatedSpec);
    search = await waitForSearch(stack.app!, id, ['succeeded'], 120_000);
  }, 180_000);
  afterAll(async () => {
    await closeDashboard({ stack, browser });
  });

  it('shows the best trial’s interval and evaluation count under its value, and on its page the interval and each metric’s standard error', async () => {
    const best = search.best!;
    const { low, high } = best.interval!;
    await page.goto(`${url}/#/searches/${search.id}`);
    await expect.poll(() => page.locator('#best-interval').textContent(), { timeout: 20_000 }).toMatch(intervalPattern);
    const shown = (await page.locator('#best-interval').textContent())!;
    const [, middle, half] = intervalPattern.exec(shown)!;
    expect(Number(middle)).toBeCloseTo((low + high) / 2, 3);
    expect(Number(half)).toBeCloseTo((high - low) / 2, 3);
    expect(Number(await page.locator('#best-objective').textContent())).toBeCloseTo(best.objective!, 5);

    await page.click('#best-open');
    await expect.poll(() => page.locator('#trial-interval').textContent(), { timeout: 20_000 }).toBe(shown);
    expect(await page.locator('#trial-title').textContent()).toBe(`Trial #${best.ordinal}`);
    expect(await page.locator('#trial-evaluations').textContent()).toBe('3');
    const row = (metric: string) =>
      page.locator('table.kv tr', { has: page.locator('th', { hasText: new RegExp(`^${metric}$`) }) }).locator('td');
    expect(await row('eval_accuracy').locator('.std-error').textContent()).toBe(` s.e. ${spreadText(best.stdErrors!.eval_accuracy!)}`);
    // the training cost is the same on every evaluation
    expect(await row('train_cost').locator('.std-error').textContent()).toBe(' s.e. 0');
    expect(await page.locator('#trial-before-confirmation').count()).toBe(0);
    expect(consoleErrors).toEqual([]);
  });

  it('shows a confirmed best trial’s objective as the search measured it beside the confirmation’s interval', async () => {
    const { id } = await postSearch(stack.app!, { ...repeatedSpec, name: 'confirmed', evaluation: undefined, confirm: { topK: 2, repeats: 3 } });
    const confirmed = await waitForSearch(stack.app!, id, ['succeeded'], 120_000);
    const best = confirmed.best!;
    expect(best.beforeConfirmation).toMatchObject({ evaluations: 1, interval: null });
    await page.goto(`${url}/#/trials/${best.id}`);
    await expect.poll(() => page.locator('#trial-before-confirmation').textContent(), { timeout: 20_000 }).toBe(`${formatValue(best.beforeConfirmation!.objective)} (1 evaluation)`);
    expect(await page.locator('#trial-evaluations').textContent()).toBe('3');
    expect(await page.locator('#trial-interval').textContent()).toMatch(intervalPattern);
    expect(consoleErrors).toEqual([]);
  });
});
