import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/app.js';

/**
 * The private response cache's bound (maxBytes, "bytes kept in all") counts 2 × an answer's JSON length: what it
 * keeps must not hold much more heap than that. graphql-js builds every result object with Object.create(null)
 * (a dictionary-mode object in V8, several times the size of a plain one), so keeping the executed result as it is
 * held 2.3–2.6 × the count for an agenda-like answer of many small objects (a parsed copy: 0.8–1.2 ×).
 */
describe('response cache memory', () => {
  let server: TestServer;
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  /** The heap with the cache full, and what emptying it gives back. */
  const heldBy = (empty: () => void) => {
    const full = heap();
    empty();
    return { full, held: full - heap() };
  };

  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(async () => server?.close());

  it('holds at most about the bytes it counts', async () => {
    const before = heap();
    let counted = 0;
    for (let k = 0; k < 300; k++) {
      // Another query text each time: another entry.
      const query = `query Q${k} { m${k}: meetings(filter: { bodySlug: "radmannsgruppen" }) { id title status startsAt agendaItems { id number title public kind subItems { letter title } } } }`;
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
        body: JSON.stringify({ query }),
      });
      const body = (await res.json()) as { data?: unknown; errors?: unknown };
      expect(body.errors).toBeUndefined();
      counted += 2 * JSON.stringify({ data: body.data }).length; // what the cache counts for it
    }
    expect(server.app.privateCache.stats.misses).toBeGreaterThanOrEqual(300);
    const { full, held } = heldBy(() => server.app.privateCache.clear());
    expect(full - before).toBeGreaterThan(0.5 * counted); // the measurement sees the entries at all
    expect(held).toBeLessThan(1.5 * counted);
  });

  it('public cache: counts the key too, so that anonymous URLs cannot fill memory uncounted', async () => {
    const before = heap();
    for (let k = 0; k < 300; k++) {
      // The URL is the key: another comment in the query, another entry (Apollo's CSRF check wants the header).
      const query = `{ bodies { id } } # ${k} ${'x'.repeat(12_000)}`;
      const res = await fetch(`${server.url}/graphql?query=${encodeURIComponent(query)}`, { headers: { 'apollo-require-preflight': 'true' } });
      expect(res.status).toBe(200);
    }
    const counted = server.app.publicCache.bytesKept;
    const { full, held } = heldBy(() => server.app.publicCache.bump());
    expect(full - before).toBeGreaterThan(300 * 12_000); // the measurement sees the keys at all
    expect(held).toBeLessThan(1.5 * counted + 1024 * 1024);
  });

  it('counts the key too: variables the operation does not declare cannot fill memory uncounted', async () => {
    server.app.privateCache.clear();
    const before = heap();
    for (let k = 0; k < 60; k++) {
      // graphql-js ignores a variable the operation does not declare; the key holds the variables as sent.
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
        body: JSON.stringify({ query: '{ bodies { id } }', variables: { unused: `${k} ${'x'.repeat(400_000)}` } }),
      });
      expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();
    }
    const counted = server.app.privateCache.bytesKept;
    const { full, held } = heldBy(() => server.app.privateCache.clear());
    expect(full - before).toBeGreaterThan(10 * 400_000); // the measurement sees the keys at all
    expect(held).toBeLessThan(1.5 * counted + 1024 * 1024);
  });
});
