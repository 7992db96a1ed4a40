import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { LRUCache } from 'lru-cache';

/**
 * Anonymous reads are cacheable; no read is ever served stale after a change.
 *
 * An anonymous GET (no Authorization header; no signed link, feed link, ticket or token in the query) of the public
 * read routes — GraphQL queries by GET, OParl, rendered documents, calendar feeds — sees exactly what the read policy lets the public see, the same for every
 * anonymous caller. Its answer gets a strong ETag (a hash of the body) and `Cache-Control: public, no-cache` (a
 * browser or proxy may keep it but must revalidate: If-None-Match → 304), and is kept in memory for the next
 * anonymous caller. Answers to a viewer with credentials are `private, no-store` and never come from, or go into,
 * this cache (there is one viewer class here: the public).
 *
 * An entry is served only while nothing has changed since it was rendered. Its version is read when its request
 * starts: the generation of this process's changes (bumped by every domain event the services publish, by the
 * search index after each batch, by every GraphQL mutation once answered — over HTTP or graphql-ws; not those that only
 * sign a link or ticket, `SIGNING_MUTATIONS` — and by every
 * other non-GET request when it starts and when it ends), the database's
 * change marker (server/db/change-marker.ts: another process or instance wrote), and the day (texts such as
 * "forfalt" follow the date). Changes are published after their transaction commits, so an answer rendered before a
 * change is stored under a version that is already gone once the change is visible. One thing changes without an
 * event: the live referat, while it can be typed in, is ahead of the database until the binding stores the text
 * (ServiceContext.readsLive); an answer that read it is sent with its validators but not kept (`notKept`).
 */
export interface PublicCacheOptions {
  changeMarker: () => Promise<string>;
  /** Bytes kept in all (default 32 MiB); an answer above maxEntryBytes (default 2 MiB) is served but not kept. */
  maxBytes?: number;
  maxEntryBytes?: number;
}

interface Entry {
  version: string;
  status: number;
  headers: Array<[string, string | number | string[]]>;
  body: Buffer;
  etag: string;
}

/** Headers replayed from a kept answer (the rest are per response). */
const KEPT_HEADERS = new Set(['content-type', 'content-disposition', 'content-language', 'content-security-policy', 'x-content-type-options', 'vary', 'link']);
const PUBLIC = 'public, no-cache';

/**
 * Mutations that change nothing stored: they sign a short-lived link or ticket for the caller (a download link is
 * signed whenever the pointer reaches it, so counting them as changes would empty the cache on every hover).
 */
const SIGNING_MUTATIONS = new Set(['resourceLink', 'collabTicket']);

/** Whether a GraphQL operation may change anything: every one but a query, or a mutation of signing fields only. */
export function mayWrite(operation: OperationDefinitionNode | null | undefined): boolean {
  if (operation?.operation === 'query') return false;
  if (operation?.operation !== 'mutation') return true;
  return !operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && SIGNING_MUTATIONS.has(s.name.value));
}
const PRIVATE = 'private, no-store';

/** Where notKept marks a response (Express's res.locals). */
const NOT_KEPT = 'publicCacheNotKept';

/**
 * The answer being made reads what changes without a change event (the live referat while it can be typed in,
 * ServiceContext.readsLive): it is sent with its validators as usual but not kept for the next caller.
 */
export function notKept(res: Response): void {
  res.locals[NOT_KEPT] = true;
}

export class PublicCache {
  readonly stats = { hits: 0, misses: 0, notModified: 0 };
  private generation = 0;
  private readonly entries: LRUCache<string, Entry>;
  private readonly maxEntryBytes: number;

  constructor(private readonly options: PublicCacheOptions) {
    this.maxEntryBytes = options.maxEntryBytes ?? 2 * 1024 * 1024;
    // Least recently used answers go first once the bodies kept pass maxBytes.
    this.entries = new LRUCache<string, Entry>({ maxSize: options.maxBytes ?? 32 * 1024 * 1024, sizeCalculation: (e, key) => Math.max(1, entrySize(key, e)) });
  }

  private readonly bumped: Array<() => void> = [];

  /** Something this process changed: every kept answer is gone (here and in the caches told by `onBump`). */
  bump(): void {
    this.generation++;
    this.entries.clear();
    for (const f of this.bumped) f();
  }

  /** Calls `f` on every change of this process (the private cache drops its answers too). */
  onBump(f: () => void): void {
    this.bumped.push(f);
  }

  /** Whether this process has changed nothing since `version` was read. */
  unchangedSince(version: string): boolean {
    return this.generation === Number(version.slice(0, version.indexOf('|')));
  }

  /**
   * Every request but GET/HEAD may write: a change when it starts and again when it has been answered. GraphQL is
   * told apart by graphqlPlugin (a query by POST changes nothing).
   */
  writes(): RequestHandler {
    return (req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'HEAD' && req.path !== '/graphql') {
        this.bump();
        res.once('close', () => this.bump());
      }
      next();
    };
  }

  /** A GraphQL operation that may write (`mayWrite`) is a change once it has run, and for safety also when it starts. */
  graphqlPlugin(): ApolloServerPlugin {
    return {
      requestDidStart: async () => {
        let writes = false;
        return {
          didResolveOperation: async ({ operation }) => {
            writes = mayWrite(operation);
            if (writes) this.bump();
          },
          willSendResponse: async () => {
            if (writes) this.bump();
          },
        };
      },
    };
  }

  /**
   * The cache in front of a public read route; `cacheable` leaves out answers too big to hold (they still get no
   * public caching headers, and credentials still make them private).
   */
  reads(cacheable: (req: Request) => boolean = () => true): RequestHandler {
    return (req, res, next) => {
      if (!anonymous(req)) {
        privateAnswer(res);
        return next();
      }
      if (req.method !== 'GET' || !cacheable(req)) return next();
      this.serve(req, res, next).catch(next);
    };
  }

  /**
   * The version of what a read started now sees: this process's change generation, the database's change marker
   * and the day in Oslo. Read before the answer is made; an answer is kept under it and served while it is current.
   */
  async version(): Promise<string> {
    const generation = this.generation;
    const marker = await this.options.changeMarker();
    return `${generation}|${marker}|${new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Oslo' })}`;
  }

  private async serve(req: Request, res: Response, next: NextFunction): Promise<void> {
    const version = await this.version();
    const key = `${req.method} ${req.get('host') ?? ''} ${req.originalUrl} ${req.get('accept') ?? ''}`;
    const hit = this.entries.get(key);
    if (hit && hit.version === version) {
      this.stats.hits++;
      res.status(hit.status);
      for (const [name, value] of hit.headers) res.setHeader(name, value);
      this.finish(req, res, hit.etag, hit.body);
      return;
    }
    this.stats.misses++;
    capture(res, (body) => {
      if (res.statusCode !== 200) return false;
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
      if (this.unchangedSince(version) && !res.locals[NOT_KEPT] && body.length + 2 * key.length <= this.maxEntryBytes) {
        const headers = Object.entries(res.getHeaders()).filter(([name]) => KEPT_HEADERS.has(name)) as Entry['headers'];
        this.entries.set(key, { version, status: 200, headers, body, etag });
      }
      this.finish(req, res, etag, body);
      return true;
    });
    next();
  }

  /** Sends a 200 answer with its validators, or 304 when the caller already has it. */
  private finish(req: Request, res: Response, etag: string, body: Buffer): void {
    res.setHeader('etag', etag);
    res.setHeader('cache-control', PUBLIC);
    if (matches(req.get('if-none-match'), etag)) {
      this.stats.notModified++;
      res.status(304);
      for (const name of ['content-type', 'content-length', 'content-disposition']) res.removeHeader(name);
      res.end();
      return;
    }
    res.setHeader('content-length', body.length);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  /** Bytes counted for what is kept (bodies and their keys), at most maxBytes. */
  get bytesKept(): number {
    return this.entries.calculatedSize;
  }
}

/**
 * What an entry holds: its body, and its key (UTF-16 at worst), which is the URL and Host and Accept headers as
 * sent: an anonymous caller picks them (up to the header limit), so a key may be far larger than a small answer.
 */
function entrySize(key: string, entry: Entry): number {
  return entry.body.length + 2 * key.length;
}

/** Whatever the route sets, an answer to a viewer with credentials leaves as `private, no-store`. */
function privateAnswer(res: Response): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: unknown[]) {
    this.setHeader('cache-control', PRIVATE);
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as Response['writeHead'];
}

/** The query parameters that name a viewer: a signed link (sig), a calendar feed link (feed), a ticket, a token. */
const CREDENTIAL_PARAMS = ['sig', 'feed', 'ticket', 'token'];

function anonymous(req: Request): boolean {
  return !req.headers.authorization && CREDENTIAL_PARAMS.every((p) => req.query[p] === undefined);
}

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const v = t.trim();
    return v === '*' || v === etag || v === `W/${etag}`;
  });
}

/**
 * Holds back what the route writes; when it ends, `done(body)` may send the answer itself (returning true) or leave
 * it to be sent as written. Headers are not sent before then (the route's writes are held).
 */
function capture(res: Response, done: (body: Buffer) => boolean): void {
  const chunks: Buffer[] = [];
  const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  const add = (chunk: unknown, encoding: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
  };
  res.write = ((chunk: unknown, encoding?: unknown, cb?: unknown) => {
    add(chunk, encoding);
    const callback = typeof encoding === 'function' ? encoding : cb;
    if (typeof callback === 'function') process.nextTick(callback as () => void);
    return true;
  }) as Response['write'];
  res.end = ((chunk?: unknown, encoding?: unknown, cb?: unknown) => {
    add(chunk, encoding);
    res.write = write as Response['write'];
    res.end = end as Response['end'];
    const callback = [chunk, encoding, cb].find((a) => typeof a === 'function');
    if (callback) res.once('finish', callback as () => void);
    const body = Buffer.concat(chunks);
    if (res.headersSent || !done(body)) {
      if (!res.headersSent) res.setHeader('content-length', body.length);
      end(body);
    }
    return res;
  }) as Response['end'];
}
