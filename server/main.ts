import { ConfigError, loadConfig } from './config.js';
import { createLogger, flushLogBacklog } from './logger.js';
import { startupBanner } from './ops/banner.js';
import { codeCacheState, saveCodeCache } from './ops/code-cache.js';
import { limitHeapGrowth } from './ops/heap-growth.js';
import { StartupClock } from './ops/startup-clock.js';

/** Entry point: read config, build, listen, and drain cleanly on SIGTERM / SIGINT. */
async function main(): Promise<void> {
  const clock = new StartupClock();
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  limitHeapGrowth(config.heapGrowingPercent);
  const log = createLogger(config);
  // The server's modules load once the configuration is known to be good: a bad value exits without loading them.
  const { createApp } = await import('./app.js');
  clock.mark('modules', { add: true });
  const app = await createApp(config, { log, clock });
  const url = await app.start();
  clock.mark('listen');
  log.info({ startupMs: clock.phases, startupCpuMs: clock.cpuMs(), codeCache: codeCacheState() }, 'started');
  saveCodeCache(config.heapGrowingPercent, log);
  // A terminal gets a short readable banner; log collectors get the same facts as JSON lines.
  const terminal = process.stdout.isTTY && config.logFormat !== 'json';
  if (terminal) {
    process.stdout.write(`${startupBanner({ url, config, devTokens: app.devTokens, metricsUrl: app.metricsUrl() })}\n`);
  } else if (app.devTokens) {
    log.info(
      { secretaryToken: app.devTokens.secretary, adminToken: app.devTokens.admin },
      'example tokens (embedded default): send "Authorization: Bearer <token>"; the secretary token writes Rådmannsgruppen',
    );
  }
  const where = { graphql: `${url}/graphql`, subscriptions: `${url.replace(/^http/, 'ws')}/graphql`, health: `${url}/healthz` };
  log.info(terminal ? {} : where, `motebok listening on ${url} (GraphQL at ${url}/graphql)`);

  let stopping = false;
  const exit = (code: number) => {
    flushLogBacklog();
    process.exit(code);
  };
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: draining connections and flushing writes');
    const timer = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      exit(1);
    }, config.shutdownGraceMs);
    timer.unref();
    app.stop().then(
      () => {
        log.info('stopped cleanly');
        exit(0);
      },
      (err) => {
        log.error({ err }, 'error while stopping');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
