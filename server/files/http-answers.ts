/** Answers of the file routes: JSON `{ error: { code, message, field?, maxBytes? } }` with the status the code calls for. */
import type { Response } from 'express';
import type { Logger } from 'pino';

const STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  FILE_TOO_LARGE: 413,
  TOO_MANY_FILES: 413,
  UNSUPPORTED_FILE_TYPE: 415,
  MINUTES_LOCKED: 409,
  AGENDA_FROZEN: 409,
  CONFLICT: 409,
  INVALID_STATE: 409,
};

export function failWith(res: Response, err: unknown, log: Logger): void {
  const ext = (err as { extensions?: { code?: unknown; http?: { status?: number }; field?: unknown; maxBytes?: unknown } } | null)?.extensions;
  const code = typeof ext?.code === 'string' ? ext.code : null;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (code && code in STATUS) {
    const body: Record<string, unknown> = { code, message: (err as Error).message };
    if (typeof ext?.field === 'string') body.field = ext.field;
    if (typeof ext?.maxBytes === 'number') body.maxBytes = ext.maxBytes; // FILE_TOO_LARGE: the limit, for the editor's message
    res.status(ext?.http?.status ?? STATUS[code]!).json({ error: body });
    return;
  }
  log.error({ err }, 'file request failed');
  res.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong on the server; the error has been logged.' } });
}
