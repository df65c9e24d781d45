import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParetoSet, Search, Trial } from '../../src/client/index';
import { paretoColours } from '../../web/src/charts/pareto';
import { getJson, postSearch, waitForSearch } from '../support/api';
import { browserTestsRun, closeDashboard, consoleErrorsOf, openDashboard } from '../support/dashboard-browser';
import type { TestStack } from '../support/stack';

const accuracyAndCost = [
  { metric: 'eval_accuracy', goal: 'maximize' },
  { metric: 'train_cost', goal: 'minimize' },
];
/** A 24-trial grid of the synthetic trainer, whose accuracy and cost pull apart. */
const gridSpec = (name: string, objectives: object) => ({
  name,
  ...objectives,
  algorithm: 'grid',
  trainer: { name: 'synthetic' },
  seed: 5,
  budget: { parallelism: 4 },
  fixed: { steps: 2 },
  space: {
    learning_rate: { type: 'float', values: [1e-4, 3e-4, 1e-3], log: true },
    gradient_accumulation_steps: { type: 'int', values: [1, 4] },
    num_train_epochs: { type: 'int', values: [1, 2, 4, 6] },
  },
});

interface Shape {
  fill: string | null;
  stroke: string | null;
  /** Line segments and arcs of the path. */
  segments: number;
  /** The centre, in the page's viewport. */
  x: number;
  y: number;
}

/** The paths of the Pareto plot that lie in it below its legend (the options put the plot 36 px from the top, the legend above it). */
async function drawnShapes(page: Page): Promise<Shape[]> {
  await page.locator('#chart-pareto').scrollIntoViewIfNeeded();
  return page.locator('#chart-pareto svg').evaluate((svg) => {
    const top = svg.getBoundingClientRect().top + 30;
    return [...svg.querySelectorAll('path')]
      .map((path) => {
        const box = path.getBoundingClientRect();
        const segments = (path.getAttribute('d') ?? '').match(/[LCQA]/gi)?.length ?? 0;
        return { fill: path.getAttribute('fill'), stroke: path.getAttribute('stroke'), segments, x: box.x + box.width / 2, y: box.y + box.height / 2 };
      })
      .filter((shape) => shape.y > top);
  });
}

/** The scatter's markers of a colour. */
const markers = async (page: Page, colour: string) => (await drawnShapes(page)).filter((shape) => shape.fill === colour);
/** The parallel plot's lines of a colour through `axes` axes (the legend's icons are filled). */
const polylines = async (page: Page, colour: string, axes: number) => (await drawnShapes(page)).filter((shape) => shape.stroke === colour && shape.fill === 'none' && shape.segments >= axes - 1);

/** The trial ordinal the tooltip names with the pointer on `at`. */
async function ordinalUnder(page: Page, at: { x: number; y: number }): Promise<number> {
  await page.mouse.move(at.x, at.y);
  const tooltip = page.locator('#chart-pareto div', { hasText: 'trial #:' }).last();
  await expect.poll(() => tooltip.isVisible()).toBe(true);
  return Number(/trial #: (\d+)/.exec((await tooltip.textContent()) ?? '')![1]);
}

describe.runIf(browserTestsRun())('the Pareto plot of the dashboard in headless Chromium', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let url: string;
  const ids: Record<'twoObjectives' | 'threeObjectives' | 'singleObjective', string> = { twoObjectives: '', threeObjectives: '', singleObjective: '' };
  let consoleErrors: string[] = [];

  beforeAll(async () => {
    ({ stack, browser, page, url } = await openDashboard());
    consoleErrors = consoleErrorsOf(page);
    const app = stack.app!;
    const specs = {
      twoObjectives: gridSpec('accuracy against cost', { objectives: accuracyAndCost, scalarization: { weights: [100, 1] } }),
      threeObjectives: gridSpec('three objectives', { objectives: [...accuracyAndCost, { metric: 'eval_loss', goal: 'minimize' }] }),
      singleObjective: { ...gridSpec('accuracy alone', { objective: accuracyAndCost[0] }), budget: { maxTrials: 4, parallelism: 4, truncateGrid: true } },
    };
    for (const [key, spec] of Object.entries(specs)) ids[key as keyof typeof ids] = (await postSearch(app, spec)).id;
    for (const id of Object.values(ids)) await waitForSearch(app, id, ['succeeded'], 120_000);
  }, 300_000);
  afterAll(async () => {
    await closeDashboard({ stack, browser });
  });

  it('draws a bi-objective search’s trials by accuracy and cost: the front as /pareto lists it, the rest dimmed, the scalarised best apart', async () => {
    const id = ids.twoObjectives;
    const pareto = await getJson<ParetoSet>(stack.app!, `/v1/searches/${id}/pareto`);
    const best = await getJson<Trial>(stack.app!, `/v1/searches/${id}/best`);
    const search = await getJson<Search>(stack.app!, `/v1/searches/${id}`);
    expect(pareto.size).toBeGreaterThan(1);

    await page.goto(`${url}/#/searches/${id}`);
    await expect.poll(() => markers(page, paretoColours.front).then((points) => points.length), { timeout: 20_000 }).toBe(pareto.size);
    expect(await page.locator('#chart-pareto svg').textContent()).toContain('eval_accuracy (maximize)');
    expect(await page.locator('#chart-pareto svg').textContent()).toContain('train_cost (minimize)');
    expect(await page.locator('#pareto-hint').textContent()).toMatch(new RegExp(`^${pareto.size} trials on the Pareto front\\.`));
    expect((await markers(page, paretoColours.dominated)).length).toBe(search.progress.succeeded - pareto.size);

    const front = await markers(page, paretoColours.front);
    const hovered: number[] = [];
    for (const point of front) hovered.push(await ordinalUnder(page, point));
    expect([...hovered].sort((a, b) => a - b)).toEqual(pareto.trials.map((t) => t.ordinal).sort((a, b) => a - b));

    const diamonds = await markers(page, paretoColours.best);
    expect(diamonds).toHaveLength(1);
    expect(await ordinalUnder(page, diamonds[0]!)).toBe(best.ordinal);

    // best first by accuracy: the last is the cheapest, away from the diamond
    const cheapest = pareto.trials.at(-1)!;
    const { x, y } = front[hovered.indexOf(cheapest.ordinal)]!;
    await page.mouse.click(x, y);
    await expect.poll(() => page.url()).toMatch(new RegExp(`#/trials/${cheapest.id}$`));
  });

  it('lists both objectives of a bi-objective search’s best trial with their goals', async () => {
    const { best } = await getJson<Search>(stack.app!, `/v1/searches/${ids.twoObjectives}`);
    await page.goto(`${url}/#/searches/${ids.twoObjectives}`);
    const rows = page.locator('#best-objectives tr');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(2);
    expect(await rows.locator('th').allTextContents()).toEqual(['maximize eval_accuracy', 'minimize train_cost']);
    const [accuracy, cost] = (await rows.locator('td').allTextContents()).map(Number);
    expect(accuracy).toBeCloseTo(best!.metrics!.eval_accuracy!, 5);
    expect(cost).toBeCloseTo(best!.metrics!.train_cost!, 5);
    expect(await page.locator('#best').textContent()).toContain(`trial #${best!.ordinal} · best by eval_accuracy`);
    expect(await page.locator('#best-objective').count()).toBe(0);
  });

  it('draws a search of three objectives as parallel coordinates with the front highlighted', async () => {
    const id = ids.threeObjectives;
    const pareto = await getJson<ParetoSet>(stack.app!, `/v1/searches/${id}/pareto`);
    const search = await getJson<Search>(stack.app!, `/v1/searches/${id}`);
    await page.goto(`${url}/#/searches/${id}`);
    await expect.poll(() => polylines(page, paretoColours.front, 3).then((lines) => lines.length), { timeout: 20_000 }).toBe(pareto.size);
    expect((await polylines(page, paretoColours.dominated, 3)).length).toBe(search.progress.succeeded - pareto.size);
    expect(await page.locator('#chart-pareto svg').textContent()).toContain('eval_loss (minimize)');
  });

  it('has no Pareto plot for a single-objective search, and no console errors', async () => {
    await page.goto(`${url}/#/searches/${ids.singleObjective}`);
    await expect.poll(() => page.locator('#chart-parallel svg path').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.locator('#pareto').isHidden()).toBe(true);
    expect(await page.locator('#chart-pareto svg').count()).toBe(0);
    expect(consoleErrors).toEqual([]);
  });
});
