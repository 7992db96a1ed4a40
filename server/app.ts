import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { getOperationAST } from 'graphql';
import { findForbiddenText, forbiddenTextError, inputGuardPlugin } from './graphql/input-guard.js';
import { useServer } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import { type ServerOptions, WebSocketServer } from 'ws';
import type { Config } from './config.js';
import { closeDatabase, openDatabase, sqlitePath, type Orm } from './db/orm.js';
import { startSqliteCheckpointer } from './db/sqlite-checkpointer.js';
import type { SqlStats } from './db/sql-logger.js';
import { buildGraphQLSchema } from './graphql/build-schema.js';
import type { GraphQLContext } from './graphql/context.js';
import { createErrorFormatter } from './graphql/format-error.js';
import { createRequestContext } from './graphql/request-context.js';
import { createSubscriptionFanout } from './graphql/subscription-fanout.js';
import { createLimits } from './graphql/limits.js';
import { documentRoutes } from './documents/document-routes.js';
import { renderMarkdown } from './documents/render-markdown.js';
import { gatherPackage } from './documents/package/gather-package.js';
import { meetingPackageResource, packageRoutes } from './documents/package/package-routes.js';
import { healthRoutes } from './http/health.js';
import { routeUpgrades } from './http/upgrade-routes.js';
import { jsonErrorHandler } from './http/json-errors.js';
import { mayWrite, notKept, PublicCache } from './http/public-cache.js';
import { PrivateCache } from './http/private-cache.js';
import { changeMarker } from './db/change-marker.js';
import { webApp } from './http/web-app.js';
import { createLogger } from './logger.js';
import { calendarRoutes } from './calendar/calendar-routes.js';
import { oparlRoutes } from './oparl/oparl-routes.js';
import { OPARL_PATH } from './oparl/oparl-urls.js';
import { createEvents, type EventBus } from './pubsub.js';
import { createClusterEventTarget } from './cluster/event-target.js';
import { seedExample } from './services/seed/seed-example.js';
import { resolveAuthSecret } from './auth/secret.js';
import { TokenService } from './auth/tokens.js';
import { AuthenticationError, bearer, viewerFromToken, viewerOfUser, type Viewer } from './auth/viewer.js';
import { createLinks, requestViewers, unauthenticatedOnFailure, type ViewerOfClaims } from './auth/links.js';
import { meetingDocumentResource } from './documents/document-routes.js';
import { accessLog } from './http/access-log.js';
import { ensureDevUsers } from './auth/dev-users.js';
import { createLiveMinutes, type LiveMinutes } from './collab-wiring.js';
import { AppError } from './errors.js';
import { addMetricsSource } from './ops/metrics.js';
import { graphqlMetricsPlugin } from './ops/metrics-graphql.js';
import { httpMetrics, metricsRoute, startMetricsServer } from './ops/metrics-http.js';
import { ensureSearchSchema, startSearchIndexer, type SearchIndexer } from './search/index.js';
import { ReplyLinks } from './mail/reply-link.js';
import { replyRoutes } from './mail/reply-routes.js';
import type { FileDeps, NoticeDeps } from './services/context.js';
import { PhaseClock, type StartupClock } from './ops/startup-clock.js';
import { createFileStore, ensureFileSchema, type FileStore } from './files/index.js';
import { TextExtractor } from './files/text-extractor.js';
import { uploadRoutes } from './files/upload-routes.js';
import { attachmentFileResource, downloadRoutes } from './files/download-routes.js';
import { packageFilesOf } from './files/package-files.js';

export interface App {
  config: Config;
  log: Logger;
  orm: Orm;
  sqlStats: SqlStats;
  events: EventBus;
  live: LiveMinutes;
  tokens: TokenService;
  /** Anonymous reads kept in memory until something changes (server/http/public-cache.ts). */
  publicCache: PublicCache;
  /** GraphQL answers to viewers with credentials, per viewer, until something changes (server/http/private-cache.ts). */
  privateCache: PrivateCache;
  /** Keeps the search index current (server/search/); flush() waits until every change so far is searchable. */
  search: SearchIndexer;
  /** Vedlegg files: the store, and the text extraction for search (idle(): every file so far read). */
  files: { store: FileStore; extractor: TextExtractor };
  /** On the embedded default: tokens of the example secretary and of an administrator. */
  devTokens: { secretary: string; admin: string } | null;
  httpServer: Server;
  /** graphql-ws subscriptions held by the shared fan-out, and the (topic, meeting) channels they share. */
  subscriptionStats(): { channels: number; subscribers: number };
  /** The address of /metrics on METRICS_PORT (no token needed there), once started; null without METRICS_PORT. */
  metricsUrl(): string | null;
  /** Listens on config.host:config.port (0 = an ephemeral port); resolves with the base URL. */
  start(): Promise<string>;
  /** Drains HTTP and websockets, flushes pending writes and closes the database. */
  stop(): Promise<void>;
  url(): string;
}

/** Builds the whole server. Nothing happens on import; the database is opened here, listening starts in start(). */
export async function createApp(
  config: Config,
  options: {
    log?: Logger;
    clock?: StartupClock;
  } = {},
): Promise<App> {
  const log = options.log ?? createLogger(config);
  const clock = options.clock;
  const authSecret = resolveAuthSecret(config);
  const tokens = new TokenService(authSecret, config.auth.tokenTtlSeconds);
  let devTokens: Awaited<ReturnType<typeof ensureDevUsers>> | null = null;
  // Seeding and the example's users run under the same lock as the migrations (instances starting together).
  const { orm, stats } = await openDatabase(config.database, log, async (o) => {
    await ensureSearchSchema(o);
    await ensureFileSchema(o, config.database.kind);
    if (!config.seedExample) return;
    if (await seedExample(o.em.fork())) log.info('seeded the example meeting of 14.09.2017');
    devTokens = await ensureDevUsers(o.em.fork(), tokens);
  }, clock);
  const dbFile = config.database.kind === 'sqlite' && config.database.sqliteCheckpoint === 'background' ? sqlitePath(config.database.url) : ':memory:';
  const checkpointer = dbFile === ':memory:' ? null : startSqliteCheckpointer(dbFile, log);
  /** The viewer of a token; an invalid one is refused with UNAUTHENTICATED (HTTP 401). */
  const viewerOf = async (token: string | null): Promise<Viewer> => {
    try {
      // Read-only rows only (server/auth/viewer.ts): no unit of work, so no fork (≈ 1 % of a nested query).
      return await viewerFromToken(orm.em, tokens, token, config.auth.publishDraftMinutes);
    } catch (err) {
      if (err instanceof AuthenticationError) throw new AppError('UNAUTHENTICATED', err.message, { http: { status: 401 } });
      throw err;
    }
  };

  /** Who a verified link or ticket acts for, looked up now (current roles; revoked, disabled, replaced feed: 401). */
  const viewerOfClaims: ViewerOfClaims = unauthenticatedOnFailure(async (claims) =>
    claims.userId
      ? viewerOfUser(orm.em.fork(), { ...claims, userId: claims.userId }, config.auth.publishDraftMinutes)
      : viewerOf(null),
  );

  // Several instances: subscription events and live-referat news travel through Redis (see README; ioredis only then).
  const redisUrl = config.cluster.redisUrl;
  const redis = redisUrl ? await import('./cluster/redis.js') : null;
  const connect = (role: 'publish' | 'subscribe') => redis!.connectRedis(redisUrl!, role, log);
  const instanceId = redis?.defaultInstanceId(config.cluster.instanceId) ?? '';
  const redisEvents = redis ? { publisher: connect('publish'), subscriber: connect('subscribe') } : null;
  const events = createEvents(redisEvents ? { eventTarget: createClusterEventTarget({ ...redisEvents, instanceId, log }) } : undefined);
  let baseUrl = '';
  const publicUrl = () => config.mail.publicUrl ?? baseUrl;
  // Signed download links, calendar feed links, collab tickets (single use across instances via Redis).
  const links = createLinks(authSecret, redisEvents?.publisher ?? null, publicUrl);
  links.resources.register(meetingDocumentResource);
  links.resources.register(meetingPackageResource);
  links.resources.register(attachmentFileResource);
  const viewers = requestViewers(links, viewerOf, viewerOfClaims);
  const live = createLiveMinutes(
    orm,
    events,
    log,
    {
      viewerOf,
      ticketViewer: async (docName, ticket) => {
        const claims = await links.tickets.redeem(docName, ticket);
        return claims ? viewerOfClaims(claims) : null;
      },
    },
    {},
    redis ? { instanceId, createClient: connect } : undefined,
  );
  if (redis) log.info({ instanceId }, 'several instances: relaying through Redis');
  // Reads answered from memory until anything changes: anonymous ones (server/http/public-cache.ts), and GraphQL
  // queries of a viewer with credentials, per viewer, under the same versions (server/http/private-cache.ts).
  const publicCache = new PublicCache({ changeMarker: changeMarker(orm) });
  events.observe(() => publicCache.bump());
  const privateCache = PrivateCache.beside(publicCache);
  const search = startSearchIndexer(orm, events, log, { onIndexed: () => publicCache.bump() });
  // Vedlegg files (server/files/): the store of this database, and their text read for search after each upload.
  const fileStore = createFileStore(config, orm);
  await fileStore.sweep(); // staged uploads a killed process left behind
  const extractor = new TextExtractor(orm, fileStore, (meetingId) => search.touch(meetingId), log.child({ component: 'files' }));
  void extractor.catchUp().catch((err) => log.error({ err }, 'catching up on file texts failed'));
  const files: FileDeps = { store: fileStore, stored: (f) => extractor.schedule(f.sha256, f.mimeType) };
  const sync = live.binding.sync;
  // The innkalling by e-mail: SMTP when configured (nodemailer only then), else the outbox (README, "Sending the innkalling").
  const mailer = config.mail.smtpUrl ? (await import('./mail/mailer.js')).createMailer(config.mail.smtpUrl, config.mail.from) : null;
  const notices: NoticeDeps = {
    mailer,
    links: new ReplyLinks(authSecret),
    from: config.mail.from,
    publicUrl,
  };
  const requestDeps = { notices, links, files };
  clock?.mark('services');
  const schema = await buildGraphQLSchema(events);
  clock?.mark('schema');
  const app = express();
  // Idle kept-alive connections live 65 s (Node's default is 5 s): the timer runs before a request waiting in the
  // socket is read, so a 5 s stall of the event loop (GC, a busy machine) reset requests sent during it (ECONNRESET),
  // and a proxy keeping connections to us for 60 s (the usual) would meet closed ones (test/ops/keep-alive.test.ts).
  const httpServer = createServer({ keepAliveTimeout: 65_000 }, app);
  let draining = false;

  const limits = createLimits(config.graphql.introspection);
  // A subscriber gets 2 s to answer our close frame (ws waits 30 s by default, and a drain waited on it until Apollo's
  // 10 s grace, past SHUTDOWN_GRACE_MS); the option is ws's own (8.23), missing from @types/ws.
  const graphqlWs = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024, closeTimeout: 2_000 } as ServerOptions);
  // Subscribers of one meeting share one pubsub subscription; an event's selection runs once per group of equal ones.
  const fanout = createSubscriptionFanout({ schema, events, em: orm.em, log });
  const wsServer = useServer<Record<string, unknown>, { viewer?: Viewer }>(
    {
      schema,
      validate: limits.validate,
      // The token comes in connectionParams ({ token } or { authorization: "Bearer …" }); a bad one closes the socket.
      onSubscribe: (_ctx, _id, payload) => {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is what this looks for (PostgreSQL refuses it in text)
        const where = findForbiddenText(payload.variables) ?? (/\\u0000|\u0000/.test(payload.query) ? 'a string literal' : null);
        return where ? [forbiddenTextError(where)] : undefined;
      },
      onConnect: async (c) => {
        const p = c.connectionParams ?? {};
        const token = typeof p.token === 'string' ? p.token : bearer(typeof p.authorization === 'string' ? p.authorization : null);
        try {
          c.extra.viewer = await viewerOf(token);
          return true;
        } catch {
          return false;
        }
      },
      context: (c, id) => fanout.bind(createRequestContext(orm, events, sync, c.extra.viewer!, requestDeps), c.extra.socket, id),
      subscribe: fanout.subscribe,
      // A mutation sent over the socket: anonymous answers kept until now are gone (server/http/public-cache.ts).
      onOperation: (_ctx, _id, _payload, args) => {
        const operation = getOperationAST(args.document, args.operationName);
        if (operation?.operation === 'mutation' && mayWrite(operation)) publicCache.bump();
      },
      onError: (_ctx, _id, _payload, errors) => {
        log.warn({ errors: errors.map((e) => e.message) }, 'graphql-ws operation failed');
      },
    },
    graphqlWs,
  );

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    introspection: config.graphql.introspection,
    formatError: createErrorFormatter(log),
    includeStacktraceInErrorResponses: config.graphql.stacktraces, // GRAPHQL_STACKTRACES; always in the log
    // main.ts handles SIGTERM and stops everything in order; Apollo's own handler would stop it twice.
    stopOnTerminationSignals: false,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    allowBatchedHttpRequests: false,
    // Compact JSON: Apollo's default indents every answer (≈ 3 % of a nested query's CPU, and a larger body to send).
    stringifyResult: (result) => JSON.stringify(result),
    plugins: [
      ...limits.plugins,
      inputGuardPlugin(),
      publicCache.graphqlPlugin(),
      privateCache.plugin(),
      graphqlMetricsPlugin(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // No @cacheControl hints and no HTTP caching of answers: without this, Apollo installs its cache-control plugin,
      // whose willResolveField makes it wrap every field resolver of the schema (a measurable share of a nested query).
      ApolloServerPluginCacheControlDisabled(),
      config.graphql.landingPage
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
      { async serverWillStart() { return { async drainServer() { await wsServer.dispose(); } }; } },
    ],
  });
  await apollo.start();
  clock?.mark('apollo');

  app.disable('x-powered-by');
  app.use(accessLog(log)); // debug level; query strings that carry sig, feed, ticket or token are redacted
  app.set('etag', false); // the public cache sets strong ETags on anonymous reads; answers with credentials are no-store
  app.use(httpMetrics());
  app.use(publicCache.writes());
  app.use(healthRoutes(orm, () => draining));
  app.use(metricsRoute(viewerOf)); // an administrator's token (or METRICS_PORT, below)
  const removeMetrics = addMetricsSource({
    collab: live.collab,
    pendingProjections: () => live.binding.pending(),
    fanout,
    graphqlSockets: () => graphqlWs.clients.size,
    orm,
    sqlStats: stats,
  });
  let metricsServer: Awaited<ReturnType<typeof startMetricsServer>> | null = null;
  app.use(
    '/graphql',
    publicCache.reads(),
    express.json({ limit: config.graphql.maxBodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) =>
        createRequestContext(orm, events, sync, await viewerOf(bearer(req.headers.authorization)), requestDeps, () => notKept(res)),
    }),
  );

  // Open data (OParl, always as the public) and calendar feeds (the public, the Authorization header, or a feed link).
  const contextOf = (viewer: Viewer, res?: express.Response) => createRequestContext(orm, events, sync, viewer, requestDeps, res && (() => notKept(res)));
  app.use(OPARL_PATH, publicCache.reads(), oparlRoutes({ log, contextOf: async () => contextOf(await viewerOf(null)) }));
  app.use('/calendar', publicCache.reads());
  app.use(calendarRoutes({ log, contextOf: async (req) => contextOf(await viewers.calendar(req)) }));
  app.use(
    replyRoutes({
      log,
      replyAbsence: async (token, note) => contextOf(await viewerOf(null)).services.notices.replyAbsence(token, note),
    }),
  );
  app.use(webApp({ log })); // the secretariat's web editor at / (never answers API paths)
  // Downloads of innkalling and referat and the innkalling package, for the viewer of the Authorization header or of
  // a signed link (?sig=).
  app.use('/meetings', publicCache.reads((req) => !req.path.includes('/innkalling-package.'))); // packages: too big to hold
  app.use(
    documentRoutes({
      log,
      renderMarkdown,
      loadDocument: async (meetingId, kind, version, req) =>
        contextOf(await viewers.download(req), req.res).services.documents.load(meetingId, kind, version),
    }),
  );
  app.use(
    packageRoutes({
      log,
      loadPackage: async (meetingId, variant, req) => {
        const ctx = contextOf(await viewers.download(req));
        const meeting = await ctx.services.meetings.get(meetingId);
        return gatherPackage(ctx.em, ctx.viewer, meeting, variant, packageFilesOf(fileStore));
      },
    }),
  );
  // Vedlegg files: upload (streamed) for the viewer of the Authorization header, download for it or a signed link.
  const fileServicesOf = async (req: express.Request) => contextOf(await viewers.download(req)).services;
  app.use(uploadRoutes({ servicesOf: fileServicesOf, limits: config.files, log }));
  app.use(downloadRoutes({ servicesOf: fileServicesOf, log }));
  app.use(jsonErrorHandler(log));

  routeUpgrades(httpServer, { graphqlWs, collab: live.collab, draining: () => draining });

  return {
    config,
    log,
    orm,
    sqlStats: stats,
    events,
    live,
    tokens,
    publicCache,
    privateCache,
    search,
    files: { store: fileStore, extractor },
    devTokens,
    httpServer,
    subscriptionStats: () => fanout.stats(),
    async start() {
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => resolve());
      });
      if (config.metrics.port !== null) metricsServer = await startMetricsServer(config.metrics.host, config.metrics.port);
      const { port } = httpServer.address() as AddressInfo;
      const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      baseUrl = `http://${host}:${port}`;
      return baseUrl;
    },
    url: () => baseUrl,
    metricsUrl: () => metricsServer?.url ?? null,
    async stop() {
      if (draining) return;
      draining = true;
      // Each step is logged as it ends: what a drain that overruns SHUTDOWN_GRACE_MS waited for.
      const clock = new PhaseClock((step, ms) => log.info({ step, ms }, 'stopping'));
      removeMetrics();
      await metricsServer?.close();
      await live.close();
      clock.mark('liveDocuments');
      await apollo.stop();
      graphqlWs.close();
      if (httpServer.listening) await new Promise<void>((r) => httpServer.close(() => r()));
      clock.mark('http');
      if (redisEvents) for (const c of [redisEvents.publisher, redisEvents.subscriber]) c.disconnect();
      await extractor.close();
      await search.close();
      clock.mark('search');
      await fileStore.close();
      mailer?.close();
      await checkpointer?.stop(); // its connection first
      await closeDatabase(orm, config.database, log);
      clock.mark('database');
      log.info({ stopMs: clock.phases }, 'drained');
    },
  };
}
