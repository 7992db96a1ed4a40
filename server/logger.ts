import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';
import sonicBoom from 'sonic-boom';
import type { SonicBoom as SonicBoomClass } from 'sonic-boom';
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
  if (!pretty) return pino(options, stdoutLines());
  const stream = prettyStream(out.isTTY === true);
  return stream ? pino(options, stream) : pino(options, stdoutLines());
}

/** Log lines kept in memory while stdout's reader does not read (a stalled or gone log collector); more are dropped. */
export const LOG_BACKLOG_BYTES = 4 * 1024 * 1024;

/**
 * stdout for JSON lines, written synchronously (a line logged before an exit is out), but never waiting for a reader:
 * pino's own destination retries a full pipe (EAGAIN) every 100 ms for ever, inside the log call, so a log collector
 * that stopped reading stopped the whole server, SIGTERM included (test/ops/stalled-log-reader.test.ts). Here a line
 * that does not fit waits in memory with the ones after it, up to LOG_BACKLOG_BYTES, and goes out with the next line
 * logged once the pipe has room; beyond that, lines are dropped.
 */
function stdoutLines(): DestinationStream {
  // A CommonJS module: at run time its default export is the class (its types say so only as a named export).
  const SonicBoom = sonicBoom as unknown as typeof SonicBoomClass;
  const stream = new SonicBoom({ fd: 1, sync: true, maxLength: LOG_BACKLOG_BYTES, retryEAGAIN: () => false });
  // EAGAIN (full pipe) and EPIPE (reader gone): the line stays in the backlog; nothing to do, and nothing to log it to.
  stream.on('error', () => undefined);
  stdoutStreams.add(stream);
  return stream as unknown as DestinationStream;
}

const stdoutStreams = new Set<SonicBoomClass>();

/**
 * Before the process exits: writes the lines still waiting in the backlog (a slow reader's full pipe), trying for at
 * most `maxWaitMs`. process.exit would drop them, and they are the last ones: how the shutdown went.
 */
export function flushLogBacklog(maxWaitMs = 2000): void {
  const deadline = Date.now() + maxWaitMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (const stream of stdoutStreams) {
    for (;;) {
      try {
        stream.flushSync();
        break;
      } catch {
        // Full pipe: wait for the reader a little; a reader that is gone (EPIPE) or stalled loses the rest.
        if (Date.now() >= deadline) return;
        Atomics.wait(pause, 0, 0, 10);
      }
    }
  }
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
