import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { Viewer } from '../auth/viewer.js';
import type { GraphQLContext } from '../graphql/context.js';
import type { PublicCache } from './public-cache.js';

/**
 * Answers to GraphQL queries of a viewer with credentials, kept in memory for that viewer only, and never served
 * after a change (issue 17, target 5).
 *
 * - Per viewer: the key is the viewer as the read policy sees it (user id, administrator or not, role per body,
 *   whether draft referat is published) with the query's hash, operation name and variables; one viewer's answer is
 *   never served to another, nor to the same user once a role has changed. The answer still leaves as
 *   `private, no-store` (public-cache.ts): nothing outside this process keeps it.
 * - The viewer is resolved from the token before this cache is asked (Apollo's context, then `responseForOperation`):
 *   an expired or revoked token, or a disabled user, is refused as without the cache.
 * - Versions: the public cache's (this process's change generation, the database's change marker, the day in Oslo;
 *   read when the operation starts). Every change this process makes empties this cache too (`onBump`), an answer
 *   made while one happened is not kept, and another process's write moves the marker. Answers that depend on the
 *   time within a day: none among queries (signed links and tickets, which expire, are mutations and never kept).
 * - Not an answer that read the live referat (`readsLive`: referatMarkdown as of now), which is ahead of the database
 *   by the binding's quiet time (or maxWait) with no change event until it stores.
 * - Only queries answered without errors; a request with `Cache-Control: no-cache` (or no-store) is answered
 *   without the cache and not kept (the bench's "executed" figure).
 */
export interface PrivateCacheOptions {
  /** The version of what a read starting now sees (PublicCache.version). */
  version(): Promise<string>;
  /** Whether nothing has changed in this process since `version` was read (PublicCache.unchangedSince). */
  unchangedSince(version: string): boolean;
  /** Bytes kept in all (default 32 MiB); an answer above maxEntryBytes (default 1 MiB) is not kept. */
  maxBytes?: number;
  maxEntryBytes?: number;
}

interface Entry {
  version: string;
  result: FormattedExecutionResult;
  bytes: number;
}

/** The viewer as the read policy sees it, or null for one without credentials (the public cache's business). */
export function viewerKey(viewer: Viewer): string | null {
  if (!viewer.userId) return null;
  const roles = [...viewer.roles].map(([body, role]) => `${body}=${role}`).sort();
  return `${viewer.userId}|${viewer.isAdmin ? 'admin' : ''}|${viewer.seesDraftMinutes ? 'drafts' : ''}|${roles.join(',')}`;
}

export class PrivateCache {
  readonly stats = { hits: 0, misses: 0, bypassed: 0 };
  private readonly entries: LRUCache<string, Entry>;
  private readonly maxEntryBytes: number;

  constructor(private readonly options: PrivateCacheOptions) {
    this.maxEntryBytes = options.maxEntryBytes ?? 1024 * 1024;
    // Least recently used answers go first once what is kept passes maxBytes.
    this.entries = new LRUCache<string, Entry>({ maxSize: options.maxBytes ?? 32 * 1024 * 1024, sizeCalculation: (e) => Math.max(1, e.bytes) });
  }

  /** A private cache under the versions of `publicCache`, emptied with it. */
  static beside(publicCache: PublicCache, options: Pick<PrivateCacheOptions, 'maxBytes' | 'maxEntryBytes'> = {}): PrivateCache {
    const cache = new PrivateCache({ ...options, version: () => publicCache.version(), unchangedSince: (v) => publicCache.unchangedSince(v) });
    publicCache.onBump(() => cache.clear());
    return cache;
  }

  /** Bytes counted for what is kept (answers and their keys), at most maxBytes. */
  get bytesKept(): number {
    return this.entries.calculatedSize;
  }

  /** Something changed: every kept answer is gone. */
  clear(): void {
    this.entries.clear();
  }

  plugin(): ApolloServerPlugin<GraphQLContext> {
    return {
      requestDidStart: async () => {
        let pending: { key: string; version: string } | null = null;
        return {
          responseForOperation: async ({ operation, contextValue, queryHash, request }): Promise<GraphQLResponse | null> => {
            if (operation.operation !== 'query') return null;
            const who = viewerKey(contextValue.viewer);
            if (who === null) return null;
            if (/\bno-(cache|store)\b/i.test(request.http?.headers.get('cache-control') ?? '')) {
              this.stats.bypassed++;
              return null;
            }
            const version = await this.options.version();
            const key = `${who}\n${request.operationName ?? ''}\n${queryHash}\n${JSON.stringify(request.variables ?? {})}`;
            const hit = this.entries.get(key);
            if (hit && hit.version === version) {
              this.stats.hits++;
              return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: hit.result } };
            }
            this.stats.misses++;
            pending = { key, version };
            return null;
          },
          willSendResponse: async ({ response, contextValue }) => {
            // An answer from the live referat follows typing that no change event marks until it is stored.
            if (!pending || response.body.kind !== 'single' || contextValue.readsLive) return;
            const { key, version } = pending;
            const result = response.body.singleResult;
            if (result.errors || !result.data || (response.http.status ?? 200) !== 200 || !this.options.unchangedSince(version)) return;
            // Only the data: a kept answer is served as it was made, with nothing another plugin added per request.
            const json = JSON.stringify(result.data);
            // ≈ what the strings hold (UTF-16 at worst), the key's too: it holds the variables as sent, and variables
            // the operation does not declare are ignored by graphql-js, so a request may make its key as large as its body.
            const bytes = 2 * (json.length + key.length);
            if (bytes > this.maxEntryBytes) return;
            // Kept as a copy parsed from its JSON, not graphql-js's objects: those are made with Object.create(null),
            // dictionary-mode objects that held 2.3–2.6 × `bytes` (test/api/private-cache-memory.test.ts); the copy's
            // plain objects hold about `bytes` (0.8–1.2 ×), so maxBytes bounds the heap.
            this.entries.set(key, { version, result: { data: JSON.parse(json) as Record<string, unknown> }, bytes });
          },
        };
      },
    };
  }
}
