/**
 * Relays live co-editing between several instances that share one database, over Redis pub/sub.
 *
 * The database log (per-document seqs) is the truth; Redis only says "there is more":
 *  - when this instance stored seqs a..b of a document, it publishes that (with its instance id);
 *  - an instance that has the document loaded reads what it lacks from the log (collab.notifyStored);
 *  - on (re)connecting to Redis and every few seconds it reads the log of every loaded document anyway, so a
 *    message Redis lost costs a few seconds, never an update.
 * Awareness (cursors, names) is relayed too: updates per document with the instance id; every instance sends a
 * heartbeat, and the states of an instance that stops sending them (or says goodbye) are removed.
 * Read-only announcements (the minutes were approved) are relayed so that every instance refuses edits.
 *
 * Without Redis (down, or restarting) each instance goes on serving its own clients; ioredis reconnects by itself.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CollabHooks, CollabServer } from '../types.js';

export interface RedisRelayOptions {
  /** This instance's name in messages; must differ between instances. */
  instanceId: string;
  /** The pub/sub channel. Default "motebok:collab". */
  channel: string;
  /** Heartbeat interval. Default 2 s. */
  heartbeatMs: number;
  /** An instance silent for this long is gone: its awareness states are removed. Default 3 heartbeats. */
  peerTimeoutMs: number;
  /** Every loaded document reads the log this often, whatever Redis said. Default 3 s. */
  catchUpEveryMs: number;
  /** How long a layout lock (first load of a document) is held at most. Default 10 s. */
  lockTtlMs: number;
}

export interface RedisRelayDeps {
  /** A new ioredis connection; called twice (one to publish, one to subscribe). */
  createClient(role: 'publish' | 'subscribe'): Redis;
  log: Logger;
  options: Partial<RedisRelayOptions> & { instanceId: string };
  /** After each periodic catch-up of a loaded document (e.g. the minutes binding's reconcile). */
  afterCatchUp?(docName: string): Promise<unknown>;
}

type Message =
  | { t: 'stored'; i: string; d: string; from: number; to: number }
  | { t: 'awareness'; i: string; d: string; u: string; up: number[]; rm: number[] }
  | { t: 'awareness-query'; i: string; d: string }
  | { t: 'heartbeat'; i: string }
  | { t: 'bye'; i: string }
  | { t: 'read-only'; i: string; d: string; reason: string | null };

export interface RedisRelay {
  /** Hooks for createCollabServer (they publish what this instance did). */
  readonly hooks: Required<Pick<CollabHooks, 'onStored' | 'onAwareness' | 'onReadOnly'>>;
  /** Binds the relay to the collab server it relays for; call before start(). */
  attach(collab: CollabServer): void;
  /** Connects (without waiting for Redis to be reachable) and starts the timers. */
  start(): void;
  /** Says goodbye, stops the timers and disconnects. */
  stop(): Promise<void>;
  /**
   * Runs `fn` while holding a short cluster-wide lock named `name` (SET NX PX); used so that two instances do not
   * create the same document structure at once. Without Redis it runs `fn` after a short wait for the lock.
   */
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Whether both Redis connections are up. */
  connected(): boolean;
  /** Instances heard from recently. */
  peers(): string[];
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
const unb64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

export function createRedisRelay(deps: RedisRelayDeps): RedisRelay {
  const heartbeatMs = deps.options.heartbeatMs ?? 2_000;
  const opts: RedisRelayOptions = {
    channel: 'motebok:collab',
    heartbeatMs,
    peerTimeoutMs: heartbeatMs * 3,
    catchUpEveryMs: 3_000,
    lockTtlMs: 10_000,
    ...deps.options,
  };
  const me = opts.instanceId;
  const log = deps.log.child({ component: 'redis-relay', instanceId: me });
  let collab: CollabServer | null = null;
  let pub: Redis | null = null;
  let sub: Redis | null = null;
  let timers: NodeJS.Timeout[] = [];
  let stopped = false;
  let catchingUp = false;
  /** Last heartbeat (or any message) per other instance. */
  const peers = new Map<string, number>();
  /** Awareness client ids announced by each other instance, per document. */
  const remoteClients = new Map<string, Map<string, Set<number>>>();
  /** Documents loaded at the last tick (newly loaded ones ask the others for their awareness). */
  let knownDocs = new Set<string>();
  let down = false;

  function publish(message: Message): void {
    if (stopped || !pub || pub.status !== 'ready') return; // nothing is queued while Redis is away: the log catches up
    pub.publish(opts.channel, JSON.stringify(message)).catch((error: unknown) => log.debug({ err: error }, 'relay: publish failed'));
  }

  function clientsOf(instance: string, docName: string): Set<number> {
    let docs = remoteClients.get(instance);
    if (!docs) remoteClients.set(instance, (docs = new Map()));
    let ids = docs.get(docName);
    if (!ids) docs.set(docName, (ids = new Set()));
    return ids;
  }

  /** Client ids now announced by `owner` (another instance, or null for this one) belong to nobody else. */
  function claim(owner: string | null, docName: string, ids: number[]): void {
    if (!ids.length) return;
    for (const [instance, docs] of remoteClients) {
      if (instance === owner) continue;
      const set = docs.get(docName);
      if (set) for (const id of ids) set.delete(id);
    }
  }

  /** Removes every awareness state another instance announced (it stopped or went silent). */
  function forgetPeer(instance: string, why: string): void {
    peers.delete(instance);
    const docs = remoteClients.get(instance);
    remoteClients.delete(instance);
    if (!docs || !collab) return;
    for (const [docName, ids] of docs) if (ids.size) collab.removeRemoteAwareness(docName, [...ids]);
    log.info({ peer: instance, why }, 'relay: instance gone; its awareness states are removed');
  }

  /** This instance's own awareness states of a document (not those relayed from others). */
  function publishLocalAwareness(docName: string): void {
    if (!collab) return;
    const remote = new Set<number>();
    for (const docs of remoteClients.values()) for (const id of docs.get(docName) ?? []) remote.add(id);
    const encoded = collab.encodeAwareness(docName, (id) => !remote.has(id));
    if (encoded?.clientIds.length) {
      publish({ t: 'awareness', i: me, d: docName, u: b64(encoded.update), up: encoded.clientIds, rm: [] });
    }
  }

  function onMessage(channel: string, raw: string): void {
    if (channel !== opts.channel || !collab) return;
    let m: Message;
    try {
      m = JSON.parse(raw) as Message;
    } catch {
      return;
    }
    if (!m || typeof m !== 'object' || m.i === me) return;
    peers.set(m.i, Date.now());
    try {
      switch (m.t) {
        case 'stored':
          collab.notifyStored(m.d, m.from, m.to).catch((error: unknown) => log.warn({ err: error, docName: m.d }, 'relay: catch-up failed'));
          return;
        case 'awareness': {
          if (!collab.loadedDocuments().includes(m.d)) return;
          claim(m.i, m.d, m.up);
          const mine = clientsOf(m.i, m.d);
          for (const id of m.up) mine.add(id);
          for (const id of m.rm) mine.delete(id);
          collab.applyRemoteAwareness(m.d, unb64(m.u));
          return;
        }
        case 'awareness-query':
          publishLocalAwareness(m.d);
          return;
        case 'read-only':
          collab.setReadOnly(m.d, m.reason, { relayed: true });
          return;
        case 'bye':
          forgetPeer(m.i, 'said goodbye');
          return;
        case 'heartbeat':
          return;
      }
    } catch (error) {
      log.warn({ err: error, type: m.t }, 'relay: handling a message failed');
    }
  }

  /** Reads the log of every loaded document (what Redis may not have told), then runs afterCatchUp. */
  async function catchUpAll(): Promise<void> {
    if (!collab || catchingUp || stopped) return;
    catchingUp = true;
    try {
      for (const docName of collab.loadedDocuments()) {
        try {
          await collab.catchUp(docName);
          if (deps.afterCatchUp) await deps.afterCatchUp(docName);
        } catch (error) {
          log.warn({ err: error, docName }, 'relay: periodic catch-up failed');
        }
      }
    } finally {
      catchingUp = false;
    }
  }

  function tick(): void {
    if (!collab) return;
    publish({ t: 'heartbeat', i: me });
    const now = Date.now();
    for (const [peer, seen] of peers) if (now - seen > opts.peerTimeoutMs) forgetPeer(peer, 'no heartbeat');
    const loaded = new Set(collab.loadedDocuments());
    for (const docName of loaded) if (!knownDocs.has(docName)) publish({ t: 'awareness-query', i: me, d: docName });
    // Forget what others announced for documents no longer loaded here.
    for (const docs of remoteClients.values()) for (const docName of docs.keys()) if (!loaded.has(docName)) docs.delete(docName);
    knownDocs = loaded;
  }

  function onReady(): void {
    if (!pub || !sub || pub.status !== 'ready' || sub.status !== 'ready' || !collab) return;
    if (down) log.info('relay: Redis is back; catching up from the log');
    down = false;
    publish({ t: 'heartbeat', i: me });
    for (const docName of collab.loadedDocuments()) publish({ t: 'awareness-query', i: me, d: docName });
    void catchUpAll();
  }

  function onDown(error?: unknown): void {
    if (stopped) return;
    if (!down) log.warn({ err: error }, 'relay: Redis unavailable; serving local clients only until it is back');
    down = true;
  }

  return {
    hooks: {
      onStored(docName, fromSeq, toSeq) {
        publish({ t: 'stored', i: me, d: docName, from: fromSeq, to: toSeq });
      },
      onAwareness(docName, update, changes) {
        claim(null, docName, changes.updated);
        // States this instance only relays (another instance's clients, e.g. timed out here) are not ours to announce.
        const remote = new Set<number>();
        for (const docs of remoteClients.values()) for (const id of docs.get(docName) ?? []) remote.add(id);
        const up = changes.updated.filter((id) => !remote.has(id));
        const rm = changes.removed.filter((id) => !remote.has(id));
        if (!up.length && !rm.length) return;
        publish({ t: 'awareness', i: me, d: docName, u: b64(update), up, rm });
      },
      onReadOnly(docName, reason) {
        publish({ t: 'read-only', i: me, d: docName, reason });
      },
    },

    attach(server) {
      collab = server;
    },

    start() {
      if (!collab) throw new Error('redis relay started before attach(collab)');
      pub = deps.createClient('publish');
      sub = deps.createClient('subscribe');
      for (const client of [pub, sub]) {
        client.on('ready', onReady);
        client.on('error', (error: unknown) => onDown(error));
        client.on('close', () => onDown());
      }
      sub.on('message', onMessage);
      sub.subscribe(opts.channel).catch((error: unknown) => log.warn({ err: error }, 'relay: subscribe failed'));
      timers = [setInterval(tick, opts.heartbeatMs), setInterval(() => void catchUpAll(), opts.catchUpEveryMs)];
      for (const t of timers) t.unref();
    },

    async stop() {
      if (stopped) return;
      publish({ t: 'bye', i: me });
      stopped = true;
      for (const t of timers) clearInterval(t);
      timers = [];
      const clients = [pub, sub].filter((c): c is Redis => c !== null);
      pub = sub = null;
      await Promise.all(
        clients.map(async (c) => {
          try {
            if (c.status === 'ready') await c.quit();
            else c.disconnect();
          } catch {
            c.disconnect();
          }
        }),
      );
    },

    async withLock(name, fn) {
      const key = `motebok:lock:${name}`;
      const token = `${me}:${Math.random().toString(36).slice(2)}`;
      let held = false;
      const deadline = Date.now() + opts.lockTtlMs;
      while (!stopped && pub && pub.status === 'ready' && Date.now() < deadline) {
        try {
          held = (await pub.set(key, token, 'PX', opts.lockTtlMs, 'NX')) === 'OK';
        } catch {
          break; // Redis went away: go on without the lock
        }
        if (held) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      try {
        return await fn();
      } finally {
        if (held && pub && pub.status === 'ready') {
          // Delete only our own lock (it may have expired and been taken by someone else).
          await pub
            .eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", 1, key, token)
            .catch(() => undefined);
        }
      }
    },

    connected() {
      return !down && pub?.status === 'ready' && sub?.status === 'ready';
    },

    peers() {
      return [...peers.keys()];
    },
  };
}
