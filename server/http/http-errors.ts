import type { Response } from 'express';
import type { Logger } from 'pino';

const STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
};

/**
 * An error of a plain HTTP route (open data, calendar) answered as JSON with our code: an AppError keeps its code
 * and message; anything else is logged and answered with a neutral INTERNAL_SERVER_ERROR.
 */
export function answerError(res: Response, err: unknown, log: Logger): void {
  const code = (err as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  if (typeof code === 'string' && code in STATUS) {
    res.status(STATUS[code]!).json({ error: { code, message: (err as Error).message } });
    return;
  }
  log.error({ err }, 'request failed');
  res.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong on the server; the error has been logged.' } });
}
