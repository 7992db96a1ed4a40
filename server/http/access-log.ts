/**
 * One debug line per HTTP request (method, path, status, time). Nothing secret is written: the query parameters that
 * carry a signed link, a feed link, a ticket or a token are replaced by "[redacted]", and no header is logged.
 */
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/** Query parameters whose value grants access. */
export const SECRET_PARAMS = ['sig', 'feed', 'ticket', 'token', 'access_token'] as const;

/** A request URL (path and query) with the values of SECRET_PARAMS replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const name of SECRET_PARAMS) if (params.has(name)) params.set(name, '[redacted]');
  return `${url.slice(0, q)}?${params.toString().replaceAll('%5Bredacted%5D', '[redacted]')}`;
}

export function accessLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    if (!log.isLevelEnabled('debug')) return next();
    const started = performance.now();
    res.once('finish', () => {
      log.debug({ method: req.method, url: redactUrl(req.originalUrl), status: res.statusCode, ms: Math.round(performance.now() - started) }, 'http request');
    });
    next();
  };
}
