/**
 * Chromium for the web tests (not a test file): one place that finds it, says why tests are skipped without it, and
 * launches it. Chromium is optional like PostgreSQL and Redis: without it the browser tests are skipped with a printed
 * line; with MOTEBOK_TEST_REQUIRE_SERVICES=1 (set by .ci/run) a missing Chromium fails the run instead.
 *
 *   describe.runIf(BROWSER_TESTS)('…', () => { beforeAll(async () => { browser = await launchBrowser(); }); … });
 *   logIfBrowserSkipped('test/web/my.test.ts');
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Where Chromium is: CHROMIUM_PATH, or Debian's package. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_FOUND = existsSync(CHROMIUM_PATH);
const REQUIRED = process.env.MOTEBOK_TEST_REQUIRE_SERVICES === '1';

/** Run the browser tests: Chromium is there, or it is required (then launchBrowser fails and says why). */
export const BROWSER_TESTS = CHROMIUM_FOUND || REQUIRED;

/** How to get Chromium, for skip lines and errors. */
export const CHROMIUM_HINT = `install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium executable`;

/** The global-setup line about Chromium. */
export function chromiumStatusLine(): string {
  if (CHROMIUM_FOUND) return `Chromium: web editor tests run with ${CHROMIUM_PATH}`;
  if (REQUIRED) return `Chromium: MISSING (${CHROMIUM_PATH}) but required by MOTEBOK_TEST_REQUIRE_SERVICES=1`;
  return `Chromium: SKIPPED (${CHROMIUM_PATH} is missing; ${CHROMIUM_HINT} to run the web editor tests)`;
}

/** Says once per file why its browser tests do not run. */
export function logIfBrowserSkipped(file: string): void {
  if (BROWSER_TESTS) return;
  console.log(`[motebok tests] ${file}: SKIPPED (${CHROMIUM_PATH} is missing; ${CHROMIUM_HINT})`);
}

/** Headless Chromium, as every web test uses it. Throws a clear error when it is missing (only when required). */
export async function launchBrowser(): Promise<Browser> {
  if (!CHROMIUM_FOUND) {
    throw new Error(`${CHROMIUM_PATH} is missing and MOTEBOK_TEST_REQUIRE_SERVICES=1 requires the browser tests: ${CHROMIUM_HINT}`);
  }
  const { chromium } = await import('playwright-core'); // loaded only by the tests that launch it
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
