import { AsyncLocalStorage } from 'node:async_hooks';
import { DefaultLogger, type LoggerNamespace, type LogContext, type LoggerOptions } from '@mikro-orm/core';
import type { Logger as Pino } from 'pino';

/** Counts of what the database was asked; read by tests (N+1 checks) and by the metrics endpoint. */
export class SqlStats {
  /** Statements of requests and everything else not marked as background work. */
  statements = 0;
  /** Statements run inside `backgroundWork.run(…)` (the search indexer), counted apart so `statements` stays what requests cost. */
  background = 0;
}

/** Marks work no request waits for (the search index's re-indexing): its statements count as `background`. */
export const backgroundWork = new AsyncLocalStorage<string>();

/** Routes MikroORM's log to pino (queries at trace level) and counts every SQL statement. */
export class SqlLogger extends DefaultLogger {
  constructor(
    options: LoggerOptions,
    private readonly log_: Pino,
    private readonly stats: SqlStats,
  ) {
    super({ ...options, debugMode: ['query', 'discovery', 'info'] });
  }

  /** Counted here; the statement's text is formatted (highlighted, "took … ms" appended) only if it is logged. */
  override logQuery(context: { query: string } & LogContext): void {
    if (this.log_.isLevelEnabled('trace')) {
      super.logQuery(context);
      return;
    }
    this.count();
  }

  override log(namespace: LoggerNamespace, message: string, context?: LogContext): void {
    if (namespace === 'query') {
      this.count();
      if (this.log_.isLevelEnabled('trace')) this.log_.trace({ took: context?.took }, message);
      return;
    }
    if (context?.level === 'error') this.log_.error({ ns: namespace }, message);
    else if (context?.level === 'warning') this.log_.warn({ ns: namespace }, message);
    else this.log_.debug({ ns: namespace }, message);
  }

  private count(): void {
    if (backgroundWork.getStore()) this.stats.background++;
    else this.stats.statements++;
  }

  override isEnabled(namespace: LoggerNamespace): boolean {
    return namespace === 'query' || this.log_.isLevelEnabled('debug');
  }
}
