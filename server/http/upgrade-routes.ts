import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { rejectUpgrade } from '../../collab/http-upgrade.js';
import type { CollabServer } from '../../collab/types.js';

/**
 * Websocket upgrades of the HTTP server: /graphql to graphql-ws, /collab/<document> to the collab server; anything
 * else 404, a target that is no URL 400, and everything 503 while the server drains.
 */
export function routeUpgrades(httpServer: Server, to: { graphqlWs: WebSocketServer; collab: CollabServer; draining(): boolean }): void {
  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (to.draining()) return rejectUpgrade(socket, 503, 'the server is shutting down');
    // A request target WHATWG URL cannot parse (`//[`): thrown in this listener it would end the process.
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://x').pathname;
    } catch {
      return rejectUpgrade(socket, 400, 'bad request URL');
    }
    if (path === '/graphql') {
      to.graphqlWs.handleUpgrade(req, socket, head, (ws) => to.graphqlWs.emit('connection', ws, req));
      return;
    }
    if (path.startsWith('/collab/')) {
      to.collab.handleUpgrade(req, socket, head);
      return;
    }
    rejectUpgrade(socket, 404, 'no such websocket endpoint');
  });
}
