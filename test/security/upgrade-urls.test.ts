import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/app.js';

/** What a raw upgrade request gets back (the status line), or '' when the connection closed without one. */
function upgrade(url: string, target: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        `GET ${target} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      );
    });
    let got = '';
    socket.on('data', (d) => (got += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(got.split('\r\n')[0] ?? ''));
    socket.setTimeout(5_000, () => socket.destroy());
  });
}

/** Websocket upgrades (server/http/upgrade-routes.ts): a request target WHATWG URL cannot parse is refused, not thrown. */
describe('upgrade request targets', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite', { seed: false });
  });
  afterAll(async () => server?.close());

  it('refuses an upgrade of a target URL cannot parse with 400, and the server goes on', async () => {
    expect(await upgrade(server.url, '//[')).toMatch(/^HTTP\/1\.1 400 /);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
