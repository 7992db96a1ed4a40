/**
 * The public cache keeps at most `maxBytes` of answer bodies, the least recently used going first, and never an answer
 * above `maxEntryBytes` (served all the same). A real Express app on an ephemeral port, anonymous GETs.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublicCache } from '../../server/http/public-cache.js';

describe('public cache: bounded in bytes', () => {
  const cache = new PublicCache({ changeMarker: async () => 'marker', maxBytes: 2_500, maxEntryBytes: 1_500 });
  let server: Server;
  let base = '';
  const rendered: string[] = [];

  beforeAll(async () => {
    const app = express();
    app.get('/page/:name/:size', cache.reads(), (req, res) => {
      const { name, size } = req.params as { name: string; size: string };
      rendered.push(name);
      res.type('text/plain').send(name.padEnd(Number(size), '.'));
    });
    server = createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });

  const get = async (name: string, size = 1_000) => {
    const res = await fetch(`${base}/page/${name}/${size}`);
    expect(res.status).toBe(200);
    expect((await res.text()).length).toBe(size);
  };

  it('renders again what fell out, keeps what was used last, and never keeps an answer above maxEntryBytes', async () => {
    await get('a');
    await get('b');
    await get('a'); // a is now the most recently used
    await get('c'); // 3 000 bytes > 2 500: b, the least recently used, goes
    await get('a');
    await get('c');
    await get('b');
    expect(rendered).toEqual(['a', 'b', 'c', 'b']);
    await get('big', 2_000);
    await get('big', 2_000);
    expect(rendered.filter((n) => n === 'big')).toHaveLength(2);
  });
});
