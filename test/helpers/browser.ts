/**
 * Chromium for the web tests (not a test file): one place that finds it, says why tests are skipped without it, and
 * launches it; signing a page in to the editor, and watching that no URL a page creates carries a token. Chromium is optional like PostgreSQL and Redis: without it the browser tests are skipped with a printed
 * line; with MOTEBOK_TEST_REQUIRE_SERVICES=1 (set by .ci/run) a missing Chromium fails the run instead.
 *
 *   describe.runIf(BROWSER_TESTS)('…', () => { beforeAll(async () => { browser = await launchBrowser(); }); … });
 *   logIfBrowserSkipped('test/web/my.test.ts');
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ROOT } from './child-server.js';

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

/** Signs `page` in to the secretariat's editor at `baseUrl` with a token and the name shown at the cursor. */
export async function signIn(page: Page, baseUrl: string, token: string, name = 'Sekretær'): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('Token').fill(token);
  await page.getByLabel('Navnet ditt').fill(name);
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await page.getByRole('heading', { level: 1, name: 'Utvalg' }).waitFor();
}

/**
 * The tokens pages sign in with and every request and websocket URL they create (downloads are not page requests:
 * `add` them), so that a test can assert that none carries a token (`leaks()` lists those that do).
 */
export class TokenUrlWatch {
  readonly tokens: string[] = [];
  readonly urls: string[] = [];

  /** Remembers a token a page signs in with; returns it. */
  token(token: string): string {
    this.tokens.push(token);
    return token;
  }

  /** Records every request and websocket URL `page` creates from now on. */
  watch(page: Page): void {
    page.on('request', (r) => this.urls.push(r.url()));
    page.on('websocket', (ws) => this.urls.push(ws.url()));
  }

  add(url: string): void {
    this.urls.push(url);
  }

  /** The URLs that carry a `token=` parameter or any of the tokens (plain or URL-encoded). */
  leaks(): string[] {
    return this.urls.filter((u) => /[?&]token=/i.test(u) || this.tokens.some((t) => u.includes(t) || u.includes(encodeURIComponent(t))));
  }
}

/** Builds the editor (web/dist) with vite as `npm run build:web` does; with `ifMissing`, only when there is none. */
export function buildWeb(opts: { ifMissing?: boolean } = {}): void {
  if (opts.ifMissing && existsSync(join(ROOT, 'web', 'dist', 'index.html'))) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}
