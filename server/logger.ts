import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.js';

type LogConfig = Pick<Config, 'logLevel'> & Partial<Pick<Config, 'logFormat'>>;

/**
 * JSON lines (one object per line, for log collectors), or readable lines when stdout is a terminal
 * (LOG_FORMAT=auto, the default) or when asked for (LOG_FORMAT=pretty).
 */
export function createLogger(config: LogConfig, out: { isTTY?: boolean } = process.stdout, destination?: DestinationStream): Logger {
  // A header that carries a token is never written, whatever logs it (query strings: http/access-log.ts redacts).
  const redact = { paths: ['authorization', '*.authorization', 'req.headers.authorization', 'headers.cookie'], censor: '[redacted]' };
  const options = { level: config.logLevel, base: { service: 'motebok' }, redact };
  if (destination) return pino(options, destination); // JSON lines to a stream of the caller's (tests)
  const format = config.logFormat ?? 'json';
  const pretty = format === 'pretty' || (format === 'auto' && out.isTTY === true);
  if (!pretty) return pino(options);
  const stream = prettyStream(out.isTTY === true);
  return stream ? pino(options, stream) : pino(options);
}

/** pino-pretty in this thread (synchronous: nothing lost at exit); null if it is not installed (then JSON). */
function prettyStream(colorize: boolean): DestinationStream | null {
  try {
    const pretty = createRequire(import.meta.url)('pino-pretty') as (o: Record<string, unknown>) => DestinationStream;
    return pretty({ colorize, sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service', singleLine: true });
  } catch {
    return null;
  }
}
