/** Raw websocket upgrades of /collab: how the server answers a client that is not a y-websocket provider. */
import { WebSocket } from 'ws';
import { wsBase } from './graphql-ws.js';

export interface UpgradeOutcome {
  /** HTTP status of a refused upgrade, or 101 when it was accepted. */
  status: number;
  /** Messages (frames) that arrived before we gave up listening. */
  messages: number;
  opened: boolean;
}

/**
 * Opens /collab/<docName> with a raw `ws` client (the token in the Authorization header; `query` adds URL parameters,
 * such as a `ticket`) and reports how the upgrade went and whether any frame arrived within `listenMs`.
 */
export async function rawCollabUpgrade(
  url: string,
  docName: string,
  token: string | null,
  opts: { query?: Record<string, string>; listenMs?: number } = {},
): Promise<UpgradeOutcome> {
  const query = opts.query ? `?${new URLSearchParams(opts.query)}` : '';
  const headers = token ? { authorization: `Bearer ${token}` } : undefined;
  const ws = new WebSocket(`${wsBase(url)}/collab/${docName}${query}`, { headers });
  const outcome: UpgradeOutcome = { status: 0, messages: 0, opened: false };
  ws.on('message', () => outcome.messages++);
  await new Promise<void>((resolve) => {
    ws.on('unexpected-response', (_req, res) => {
      outcome.status = res.statusCode ?? 0;
      res.resume();
      res.on('end', () => resolve());
      res.on('error', () => resolve());
      setTimeout(resolve, 500).unref();
    });
    ws.on('open', () => {
      outcome.opened = true;
      outcome.status = 101;
      setTimeout(resolve, opts.listenMs ?? 300);
    });
    ws.on('error', () => resolve());
    ws.on('close', () => resolve());
  });
  ws.terminate();
  return outcome;
}
