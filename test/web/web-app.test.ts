/** server/http/web-app.ts: the built editor at `/` and its client-side routes, never in the way of the API. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webApp } from '../../server/http/web-app.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { ROOT } from '../helpers/child-server.js';

const built = existsSync(join(ROOT, 'web', 'dist', 'index.html'));

describe.skipIf(!built)('web app in the real server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(async () => server?.close());

  it('answers / and client-side routes with the app, and assets with their files', async () => {
    for (const path of ['/', '/utvalg/radmannsgruppen', '/mote/abc/referat']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      const html = await res.text();
      expect(html).toContain('<div id="app">');
      const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(asset).toBeTruthy();
      const js = await fetch(`${server.url}${asset}`);
      expect(js.status).toBe(200);
      expect(js.headers.get('cache-control')).toContain('immutable');
    }
    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
  });

  it('leaves the API paths alone', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const gql = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ bodies { slug } }' }),
    });
    expect((await gql.json()).data.bodies.length).toBeGreaterThan(0);
    const doc = await fetch(`${server.url}/meetings/00000000-0000-0000-0000-000000000000/innkalling.md`);
    expect(doc.headers.get('content-type')).not.toMatch(/text\/html/);
    expect(doc.status).toBe(404);
  });
});

describe('web app without a build', () => {
  let http: Server;
  let url: string;
  beforeAll(async () => {
    const app = express();
    app.use(webApp({ distDir: join(ROOT, 'web', 'no-such-dist') }));
    app.use((_req, res) => void res.status(404).json({ error: 'not found' }));
    http = createServer(app);
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise<void>((r) => http.close(() => r())));

  it('says at / how to build it', async () => {
    const res = await fetch(`${url}/`);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('npm run build:web');
    expect((await fetch(`${url}/graphql`)).status).toBe(404);
  });
});
