import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCount } from '../../src/client/format';
import type { ParetoSet } from '../../src/client/index';
import { paretoColours } from '../../web/src/charts/pareto';
import { plotTrialLimits } from '../../web/src/views/plot-trials';
import { syntheticSweepYaml } from '../fixtures/synthetic-sweep';
import { getJson, waitForSearch } from '../support/api';
import { browserTestsRun, closeDashboard, openDashboard } from '../support/dashboard-browser';
import { seedTrials } from '../support/seeded-trials';
import type { TestStack } from '../support/stack';

/** Trials of the seeded search; HPSEARCH_LARGE_HISTORY_TRIALS=100000 measures a larger one. */
const SEEDED = Number(process.env.HPSEARCH_LARGE_HISTORY_TRIALS ?? 20_000);
/** What the dashboard read of a search before it paged: every trial up to this many, 200 a request. */
const FORMER_MAX_TRIALS = 5_000;

describe.runIf(browserTestsRun())(`the search page of a ${formatCount(SEEDED)}-trial search in headless Chromium`, () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let url: string;
  let id: string;

  beforeAll(async () => {
    ({ stack, browser, page, url } = await openDashboard());
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    const created = await stack.app!.inject({ method: 'POST', url: '/v1/searches', headers: { 'content-type': 'application/yaml' }, payload: syntheticSweepYaml({ name: 'large search', maxTrials: 1 }) });
    id = created.json<{ id: string }>().id;
    await waitForSearch(stack.app!, id, ['succeeded']);
    await seedTrials(stack.database.db, id, 1, SEEDED);
  }, 300_000);
  afterAll(async () => {
    await closeDashboard({ stack, browser });
  });

  it('draws the downsampled history, a bounded sample in the per-trial plots, and pages the table; prints what it cost', async () => {
    let apiBytes = 0;
    page.on('requestfinished', (request) => {
      if (new URL(request.url()).pathname.startsWith('/v1/')) void request.sizes().then((sizes) => (apiBytes += sizes.responseBodySize + sizes.responseHeadersSize));
    });
    const started = performance.now();
    await page.goto(`${url}/#/searches/${id}`);
    await expect.poll(() => page.locator('#history-hint').textContent(), { timeout: 60_000 }).toMatch(new RegExp(`^${formatCount(SEEDED)} trials in 1,000 buckets of ${SEEDED / 1000}`));
    await expect.poll(() => page.locator('#trials-count').textContent(), { timeout: 60_000 }).toBe(`1–50 of ${formatCount(SEEDED)} trials`);
    await expect.poll(() => page.locator('#plot-sample-hint').textContent(), { timeout: 60_000 }).toBe(`Drawn from the best 1,500 and the latest 500 of ${formatCount(SEEDED)} trials.`);
    await expect.poll(() => page.locator('#chart-importance svg path').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    const readyMs = performance.now() - started;
    expect(await page.locator('#edf-sample-hint').textContent()).toContain('of ' + formatCount(SEEDED));
    expect(await page.locator('#chart-history svg path').count()).toBeGreaterThan(900);

    await page.click('#trials-next');
    await expect.poll(() => page.locator('#trials-count').textContent()).toBe(`51–100 of ${formatCount(SEEDED)} trials`);
    expect(await page.locator('#trials-table tbody tr td:nth-child(2)').first().textContent()).toBe('50');
    await page.click('#trials-previous');
    await expect.poll(() => page.locator('#trials-count').textContent()).toBe(`1–50 of ${formatCount(SEEDED)} trials`);
    await page.click('#trials-table th[data-sort="objective"]');
    await expect.poll(() => page.locator('#trials-table tbody tr td:nth-child(4)').first().textContent()).toBe(await page.locator('#best-objective').textContent());

    const former = await formerLoad();
    console.log(
      `${formatCount(SEEDED)} trials: page ready in ${Math.round(readyMs)} ms, ${formatCount(apiBytes)} bytes from the API; ` +
        `the former ${formatCount(FORMER_MAX_TRIALS)}-trial read alone: ${formatCount(former.bytes)} bytes in ${former.requests} requests, ${Math.round(former.ms)} ms`,
    );
  }, 180_000);

  it('draws the Pareto plot of as large a bi-objective search: the front from /pareto over the bounded sample of the per-trial plots', async () => {
    const yaml = syntheticSweepYaml({ name: 'large bi-objective search', maxTrials: 1 }).replace(
      /^objective: .*$/m,
      'objectives: [{ metric: eval_accuracy, goal: maximize }, { metric: train_cost, goal: minimize }]',
    );
    const created = await stack.app!.inject({ method: 'POST', url: '/v1/searches', headers: { 'content-type': 'application/yaml' }, payload: yaml });
    const { id: biObjective } = created.json<{ id: string }>();
    await waitForSearch(stack.app!, biObjective, ['succeeded']);
    await seedTrials(stack.database.db, biObjective, 1, SEEDED);
    // the seeded objective as the accuracy, and a cost that does not follow it
    await stack.database.db.execute(
      sql`update trials set metrics = jsonb_build_object('eval_accuracy', objective, 'train_cost', (ordinal::bigint * 104729) % 997) where search_id = ${biObjective} and ordinal > 0 and objective is not null`,
    );
    const pareto = await getJson<ParetoSet>(stack.app!, `/v1/searches/${biObjective}/pareto`);
    expect(pareto.size).toBeGreaterThan(1);

    // a page of its own, which the first test's byte counter does not follow
    const paretoPage = await browser.newPage({ viewport: page.viewportSize()! });
    const started = performance.now();
    await paretoPage.goto(`${url}/#/searches/${biObjective}`);
    const hint = `^${formatCount(pareto.size)} trials on the Pareto front\\. Drawn from the best 1,500 and the latest 500 of ${formatCount(SEEDED)} trials\\.$`;
    await expect.poll(() => paretoPage.locator('#pareto-hint').textContent(), { timeout: 60_000 }).toMatch(new RegExp(hint));
    await expect.poll(() => paretoPage.locator(`#chart-pareto svg path[fill="${paretoColours.front}"]`).count()).toBe(pareto.size);
    const readyMs = performance.now() - started;
    // the sampled trials and the legend's icon
    expect(await paretoPage.locator(`#chart-pareto svg path[fill="${paretoColours.dominated}"]`).count()).toBeLessThanOrEqual(plotTrialLimits.best + plotTrialLimits.latest + 1);
    console.log(`${formatCount(SEEDED)} trials of two objectives: Pareto plot of a front of ${pareto.size} ready in ${Math.round(readyMs)} ms`);
    await paretoPage.close();
  }, 180_000);

  /** What the page read before: the trials by ordinal, 200 a request, up to 5,000. */
  async function formerLoad(): Promise<{ bytes: number; requests: number; ms: number }> {
    const started = performance.now();
    let bytes = 0;
    let requests = 0;
    let cursor: string | null = null;
    do {
      const response = await fetch(`${url}/v1/searches/${id}/trials?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      const body = await response.text();
      bytes += body.length;
      requests++;
      cursor = requests * 200 < FORMER_MAX_TRIALS ? (JSON.parse(body) as { nextCursor: string | null }).nextCursor : null;
    } while (cursor);
    return { bytes, requests, ms: performance.now() - started };
  }
});
