/** Routing and refusal of websocket upgrade requests, before any websocket exists. */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

export const COLLAB_PATH_PREFIX = '/collab/';

/** Document names: what y-websocket appends to the server URL as the room name. */
const DOC_NAME = /^[A-Za-z0-9._:-]{1,200}$/;

export type CollabTarget = { ok: true; docName: string } | { ok: false; status: 404 | 400; message: string };

/** The document a request's URL asks for: `/collab/<docName>[?params]`. */
export function parseCollabTarget(req: IncomingMessage): CollabTarget {
  let pathname: string;
  try {
    pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    return { ok: false, status: 400, message: 'bad request URL' };
  }
  if (!pathname.startsWith(COLLAB_PATH_PREFIX)) return { ok: false, status: 404, message: 'not a collab document path' };
  let docName: string;
  try {
    docName = decodeURIComponent(pathname.slice(COLLAB_PATH_PREFIX.length));
  } catch {
    return { ok: false, status: 400, message: 'bad document name' };
  }
  if (!DOC_NAME.test(docName)) return { ok: false, status: 400, message: 'bad document name' };
  return { ok: true, docName };
}

/** Answers an upgrade request with a plain HTTP error and closes the socket. */
export function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  if (!socket.writable || socket.destroyed) {
    socket.destroy();
    return;
  }
  const body = `${message}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      '\r\n' +
      body,
  );
}
