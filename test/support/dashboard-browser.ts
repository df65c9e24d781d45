import { chromium, type Browser, type Page } from 'playwright-core';
import { buildWeb, webBuildIsStale } from '../../scripts/build-web.mjs';
import { runsWithTool, toolPresent } from './external-tool';
import { startTestStack, type TestStack } from './stack';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether the browser tests run: Chromium is there, or they fail for its absence under REQUIRE_BROWSER_TESTS. */
export const browserTestsRun = () => runsWithTool('chromium', toolPresent(CHROMIUM), 'REQUIRE_BROWSER_TESTS');

export interface DashboardSession {
  stack: TestStack;
  browser: Browser;
  page: Page;
  /** Where the stack's API serves the dashboard. */
  url: string;
}

/** A PGlite test stack serving the built dashboard (built first if stale), and a page of a headless Chromium. */
export async function openDashboard(stackOptions: Parameters<typeof startTestStack>[1] = {}, viewport = { width: 1400, height: 1000 }): Promise<DashboardSession> {
  if (webBuildIsStale()) await buildWeb();
  const [stack, browser] = await Promise.all([
    startTestStack('pglite', stackOptions),
    chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'] }),
  ]);
  const url = await stack.app!.listen({ port: 0, host: '127.0.0.1' });
  return { stack, browser, page: await browser.newPage({ viewport }), url };
}

/** Collects what the page reports going wrong: uncaught errors, console errors, and console lines naming NaN (an axis ECharts could not lay out). */
export function consoleErrorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || /NaN/.test(message.text())) errors.push(message.text());
  });
  return errors;
}

export async function closeDashboard(session: Partial<DashboardSession>): Promise<void> {
  await session.browser?.close();
  await session.stack?.stop();
}
