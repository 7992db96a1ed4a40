/**
 * A request sent on a kept-alive connection while the server's event loop is held up (a long GC, a heap snapshot, a
 * busy machine) must be answered, not reset. Node's default keep-alive timeout (5 s) counts the stall as idle time:
 * when the loop resumes, the socket's timer runs before its waiting request is read and the socket is destroyed
 * (the soak's read errors: "fetch failed, ECONNRESET" right after the server's pauses). Here the stall is a SIGSTOP.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { freePort, startChildServer, type ChildServer } from '../helpers/child-server.js';

/** Sends one HTTP/1.1 request on the socket and resolves with the status line, or rejects if the socket ends first. */
function request(socket: Socket, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const onData = (d: Buffer) => {
      got += d.toString();
      // /healthz answers a small JSON body with Content-Length: the whole answer is there once the body is.
      if (/\r\n\r\n\{.*\}$/s.test(got)) done(() => resolve(got.split('\r\n')[0]!));
    };
    const onEnd = () => done(() => reject(new Error(`the connection ended before the answer (got ${JSON.stringify(got)})`)));
    const onError = (err: Error) => done(() => reject(err));
    const done = (then: () => void) => {
      socket.off('data', onData).off('end', onEnd).off('close', onEnd).off('error', onError);
      then();
    };
    socket.on('data', onData).on('end', onEnd).on('close', onEnd).on('error', onError);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
  });
}

describe('HTTP keep-alive across a stalled event loop', () => {
  let db: TestDatabase;
  let server: ChildServer | undefined;

  afterAll(async () => {
    if (server && server.proc.exitCode === null) {
      server.proc.kill('SIGCONT');
      server.proc.kill('SIGKILL');
      await server.exited;
    }
    await db?.drop();
  });

  it('answers a request that arrived on an idle kept-alive connection while the process was stopped for 6 s', async () => {
    db = await createTestDatabase('sqlite');
    server = await startChildServer({ port: await freePort(), databaseUrl: db.url });
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    expect(await request(socket, '/healthz')).toBe('HTTP/1.1 200 OK');

    server.proc.kill('SIGSTOP');
    await new Promise((r) => setTimeout(r, 6_000));
    const answer = request(socket, '/healthz'); // waits in the server's receive buffer until it runs again
    await new Promise((r) => setTimeout(r, 100));
    server.proc.kill('SIGCONT');
    expect(await answer).toBe('HTTP/1.1 200 OK');
    socket.destroy();
  }, 60_000);
});
