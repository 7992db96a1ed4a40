import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';

/**
 * Errors raised before GraphQL runs (a body too large, malformed JSON) answered in GraphQL's error shape with a
 * code, instead of express's HTML page.
 */
export function jsonErrorHandler(log: Logger): ErrorRequestHandler {
  return (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    const status = typeof err?.status === 'number' ? err.status : 500;
    const code =
      err?.type === 'entity.too.large'
        ? 'PAYLOAD_TOO_LARGE'
        : err?.type === 'entity.parse.failed'
          ? 'BAD_REQUEST'
          : status < 500
            ? 'BAD_REQUEST'
            : 'INTERNAL_SERVER_ERROR';
    const message =
      code === 'PAYLOAD_TOO_LARGE'
        ? `The request is larger than the server accepts (${err.limit} bytes).`
        : code === 'BAD_REQUEST'
          ? 'The request body is not valid JSON.'
          : 'Something went wrong on the server; the error has been logged.';
    if (status >= 500) log.error({ err }, 'request failed');
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  };
}
