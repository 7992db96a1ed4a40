/**
 * Issue 17, target 4: the production bundle starts from V8's code cache (build/loader.mjs, server/ops/code-cache.ts).
 * A small bundle in the loader's format stands in for the 15 MB one: it sets the heap growth flag as main() does,
 * then writes the cache as main() does once ready; the next process must run from it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareBundle } from '../../build/prepare-bundle.mjs';
import { loaderSource } from '../../build/loader.mjs';

const ROOT = new URL('../../', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'code-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BUNDLE = `(function (exports, require, module, __filename, __dirname, __motebokImport) {
(async () => {
  const { limitHeapGrowth } = await import(${JSON.stringify(new URL('server/ops/heap-growth.ts', ROOT).href)});
  const { codeCacheState, saveCodeCache } = await import(${JSON.stringify(new URL('server/ops/code-cache.ts', ROOT).href)});
  limitHeapGrowth(Number(process.env.PERCENT));
  const words = ['møte', 'sak', 'vedtak'].map((w) => w.toUpperCase());
  process.stdout.write(codeCacheState() + ' ' + words.join(',') + '\\n');
  saveCodeCache(Number(process.env.PERCENT), { info() {}, warn(o) { console.error(o); } });
})();
})`;

function start(percent = 50, flags: string[] = []): string {
  const out = execFileSync(process.execPath, [...flags, '--import', 'tsx', join(dir, 'main.mjs')], {
    cwd: ROOT, // tsx is found from here
    env: { PATH: process.env.PATH, PERCENT: String(percent) },
    encoding: 'utf8',
  });
  return out.trim();
}

describe('the code cache of the production bundle', () => {
  it('is written by a start without one, and the next start runs from it although main() changed a V8 flag', () => {
    writeFileSync(join(dir, 'server.cjs'), prepareBundle(BUNDLE, 'server.cjs'), 'latin1');
    writeFileSync(join(dir, 'main.mjs'), loaderSource('server.cjs', '0123abcd'));
    expect(start()).toBe('missing MØTE,SAK,VEDTAK');
    const caches = () => readdirSync(dir).filter((f) => f.endsWith('.v8cache'));
    expect(caches()).toEqual([expect.stringMatching(/^server\.0123abcd\.[0-9a-f]{8}\.v8cache$/)]);
    expect(start()).toBe('used MØTE,SAK,VEDTAK');
    expect(start()).toBe('used MØTE,SAK,VEDTAK');
    // Other V8 flags: a cache of their own, so that the two kinds of start do not rewrite one cache by turns.
    expect(start(50, ['--no-lazy-feedback-allocation'])).toBe('missing MØTE,SAK,VEDTAK');
    expect(start(50, ['--no-lazy-feedback-allocation'])).toBe('used MØTE,SAK,VEDTAK');
    expect(start()).toBe('used MØTE,SAK,VEDTAK');
    expect(caches()).toHaveLength(2);
    // A cache V8 refuses (here: damaged) is compiled around and written anew.
    for (const f of caches()) writeFileSync(join(dir, f), Buffer.alloc(4096, 7));
    expect(start()).toBe('rejected MØTE,SAK,VEDTAK');
    expect(start()).toBe('used MØTE,SAK,VEDTAK');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // Options of their own at every start (here --stack-size=…): the newest four caches stay.
    for (const size of [900, 901, 902, 903]) expect(start(50, [`--stack-size=${size}`])).toBe('missing MØTE,SAK,VEDTAK');
    expect(caches()).toHaveLength(4);
    expect(start(50, ['--stack-size=903'])).toBe('used MØTE,SAK,VEDTAK');
    // Node's profiling and inspector options change no V8 flag: such a start uses the usual cache.
    expect(start(50, ['--stack-size=903', '--inspect=127.0.0.1:0'])).toBe('used MØTE,SAK,VEDTAK');
  });

  it('keeps regular expressions and strings the same once escaped to ASCII, refuses what it cannot escape, and routes import()', () => {
    const source = 'module.exports = [/^[a-zæøå–]+$/iu.test("blåbær–syltetøy"), "Møte", /\\u2013/.source, /[Α-ώ]/.test("λ")]';
    const ascii = prepareBundle(source, 't.js');
    expect(ascii).toMatch(/^[\x20-\x7e]*$/);
    const run = (code: string) => {
      const module = { exports: undefined as unknown };
      new Function('module', code)(module);
      return module.exports;
    };
    expect(run(ascii)).toEqual(run(source));
    expect(run(ascii)).toEqual([true, 'Møte', '\\u2013', true]);
    expect(() => prepareBundle('const r = String.raw`–`;', 'raw.js')).toThrow(/template/);
    // import() calls the loader's function (a cached vm.Script has none of its own), import() in a string stays.
    expect(prepareBundle('const m = await import(name, { with: {} }); const s = "import(x)";', 'i.js')).toBe(
      'const m = await __motebokImport(name, { with: {} }); const s = "import(x)";',
    );
  });
});
