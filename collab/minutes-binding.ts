import type { Logger } from 'pino';
import * as Y from 'yjs';
import { MinutesField, type VersionReason } from '../schema/enums.js';
import {
  DECISION_KEY,
  NOTES_KEY,
  SUB_ITEMS_KEY,
  applyTextDiff,
  ensureLayout,
  getMinutesText,
  itemsMap,
  minutesDocName,
  parseMinutesDocName,
  projectMinutes,
  recordText,
  type LayoutItem,
} from '../schema/ydoc-layout.js';
import { ReadOnlyCode, readOnlyReason } from './close-codes.js';
import { Debouncer } from './debouncer.js';
import { Batcher } from './batcher.js';
import { serverOrigin, toCollabOrigin } from './origins.js';
import type { CollabServer } from './types.js';

/** A text the services stored, to be applied to the live document (server/services/minutes-sync.ts). */
export interface SyncedText {
  agendaItemId: string;
  letter: string | null;
  field: MinutesField;
  text: string;
}

/** What the binding needs from the relational model; the server supplies it (collab imports nothing of server/). */
export interface MinutesModel {
  /** The items and texts of a meeting's referat, and whether it is locked; null when there is no such meeting. */
  layout(meetingId: string): Promise<{ items: LayoutItem[]; locked: boolean } | null>;
  /**
   * Stores texts typed in live documents — of any number of meetings — in one transaction, with an audit entry each,
   * and tells subscribers of each stored text after the commit. A locked meeting's texts are never written; a text
   * equal to what the database holds writes nothing. One result per change, in order.
   */
  writeTexts(changes: readonly TextChange[]): Promise<TextWriteResult[]>;
  /** Stores a named version: the full document state. */
  saveVersion(version: {
    meetingId: string;
    reason: VersionReason;
    label: string;
    createdBy: string | null;
    state: Uint8Array;
    seq: number;
  }): Promise<void>;
}

export interface TextChange {
  meetingId: string;
  agendaItemId: string;
  letter: string | null;
  field: MinutesField;
  text: string;
  userId: string | null;
}

/** What became of a stored text: see MinutesModel.writeTexts. */
export type TextWriteResult = 'stored' | 'unchanged' | 'locked' | 'missing';

export interface MinutesBindingOptions {
  /** Quiet time after the last keystroke before a field is stored. */
  debounceMs: number;
  /** A field being typed into continuously is stored at least this often. */
  maxWaitMs: number;
  /** Each field's ceiling is drawn from [maxWaitMs − this, maxWaitMs]: fields typed from one instant are not all stored in one. */
  maxWaitJitterMs: number;
  /** Stores falling due within this time of each other (any documents) are written in one transaction. */
  storeBatchMs: number;
  /** At most this many fields per transaction: a batch runs in one go on the event loop, the next one on a later turn. */
  storeBatchMax: number;
  /** A store that failed (the database away) is tried again after this long. */
  retryMs: number;
  /** A field at least this long is stored at most once per maxWaitMs (not after each quiet time). */
  largeTextChars: number;
}

export const LOCKED_REASON = readOnlyReason(
  ReadOnlyCode.minutesLocked,
  'The minutes are approved and locked (referatet er godkjent); they can be read but not changed.',
);

/**
 * Binds each meeting's live referat (Y.Doc `minutes:<meetingId>`) to the relational model, both ways:
 * text typed by clients is stored per field after a short quiet time, and texts set through the API are applied
 * to the document as a server transaction with a minimal diff. Typed origins keep the two directions apart, so
 * nothing echoes.
 */
export function createMinutesBinding(deps: {
  model: MinutesModel;
  log: Logger;
  options?: Partial<MinutesBindingOptions>;
  /**
   * Several instances: runs `fn` holding a cluster-wide lock, so that two instances never create the same item's
   * structure at once (two Y.Maps for one key: one would win, and what was typed into the other would vanish).
   */
  layoutLock?<T>(docName: string, fn: () => Promise<T>): Promise<T>;
}) {
  const opts: MinutesBindingOptions = { debounceMs: 250, maxWaitMs: 2000, maxWaitJitterMs: 500, storeBatchMs: 20, storeBatchMax: 20, retryMs: 1_000, largeTextChars: 64 * 1024, ...deps.options };
  const log = deps.log.child({ component: 'minutes-binding' });
  const onError = (key: string, err: unknown) => log.error({ err, key }, 'could not store a text typed in the live referat');
  const debouncer = new Debouncer<string>(opts.debounceMs, opts.maxWaitMs, onError, { maxWaitJitterMs: opts.maxWaitJitterMs });
  /**
   * The stores of every document, written together (group commit). Each store's text is read when its batch is
   * written, so it is the newest the document holds then (never older than when its key fell due).
   */
  const stores = new Batcher<() => TextChange | null, TextWriteResult | 'nothing' | Error>(writeBatch, {
    windowMs: opts.storeBatchMs,
    maxBatch: opts.storeBatchMax,
  });
  let collab: CollabServer | null = null;
  const server = () => {
    if (!collab) throw new Error('minutes binding used before attach(collab)');
    return collab;
  };
  /** Loaded documents by meeting id, with when each field last changed (any origin) and the fields waiting to be stored. */
  const observed = new Map<string, { doc: Y.Doc; changedAt: Map<string, number>; waiting: Set<string> }>();

  type Observed = { doc: Y.Doc; changedAt: Map<string, number>; waiting: Set<string> };
  type Target = { itemId: string; letter: string | null; field: MinutesField };

  /** Watches client edits of one loaded document and schedules their projection. */
  function observe(meetingId: string, doc: Y.Doc): Observed {
    const state: Observed = { doc, changedAt: new Map<string, number>(), waiting: new Set<string>() };
    observed.set(meetingId, state);
    doc.on('destroy', () => {
      if (observed.get(meetingId) === state) observed.delete(meetingId);
    });
    // Each typed text's field, found once (a Y.Text never moves): no path walked up from the event per keystroke.
    const fields = new WeakMap<Y.Text, { target: Target; key: string } | null>();
    itemsMap(doc).observeDeep((events, txn) => {
      const origin = toCollabOrigin(txn.origin);
      for (const e of events) {
        if (!(e.target instanceof Y.Text)) continue;
        let field = fields.get(e.target);
        if (field === undefined) {
          const target = fieldOf(e.path);
          fields.set(e.target, (field = target ? { target, key: keyOf(meetingId, target) } : null));
        }
        if (!field) continue;
        state.changedAt.set(field.key, Date.now());
        if (origin.kind === 'client') schedule(meetingId, state, field.target, field.key, origin.userId, e.target.length);
      }
    });
    return state;
  }

  /** Stores the field from the document after the quiet time (or at the latest after maxWaitMs), through the model. */
  function schedule(meetingId: string, state: Observed, target: Target, key: string, userId: string | null, length = 0): void {
    state.waiting.add(key);
    // A large text (a paste) is read, written and re-indexed whole at every store: at most once per maxWait.
    const waitMs = length >= opts.largeTextChars ? opts.maxWaitMs : opts.debounceMs;
    debouncer.touch(key, async () => {
      state.waiting.delete(key);
      // Several instances: first read what the others have logged, so that this store never writes a text older
      // than one another instance already stored (the last store wins in the database).
      let result;
      try {
        if (deps.layoutLock) await server().catchUp(minutesDocName(meetingId));
        result = await stores.add(() => {
          const ytext = getMinutesText(state.doc, target.itemId, target.field === MinutesField.DECISION ? DECISION_KEY : NOTES_KEY, target.letter ?? undefined);
          if (!ytext) return null;
          return { meetingId, agendaItemId: target.itemId, letter: target.letter, field: target.field, text: recordText(ytext.toString()), userId };
        });
        if (result instanceof Error) throw result;
      } catch (error) {
        // The database is away (or refused the batch): the text is safe in the update log; try again later, as long
        // as the document is loaded (a later load stores what the database lacks).
        const retry = setTimeout(() => {
          if (observed.get(meetingId) === state && !state.waiting.has(key)) schedule(meetingId, state, target, key, userId, length);
        }, opts.retryMs);
        retry.unref();
        throw error;
      }
      if (result === 'locked' || result === 'missing') {
        log.warn({ key, reason: result }, 'a text typed in the live referat was not stored');
      }
    }, waitMs);
  }

  /**
   * Writes one batch of stores. When the batch fails as a whole, each store is tried alone, so that one store the
   * database refuses does not hold back the others (its own error goes to its key's log line).
   */
  async function writeBatch(reads: Array<() => TextChange | null>): Promise<Array<TextWriteResult | 'nothing' | Error>> {
    const changes = reads.map((read) => read());
    const present = changes.filter((c): c is TextChange => c !== null);
    let written: Array<TextWriteResult | Error>;
    try {
      written = await deps.model.writeTexts(present);
    } catch (error) {
      if (present.length < 2) throw error;
      log.warn({ err: error, fields: present.length }, 'a batch of live texts failed; storing them one by one');
      written = [];
      for (const c of present) {
        written.push(await deps.model.writeTexts([c]).then((r) => r[0]!, (e: unknown) => (e instanceof Error ? e : new Error(String(e)))));
      }
    }
    let next = 0;
    return changes.map((c) => (c === null ? 'nothing' : written[next++]!));
  }

  /** Brings the document's structure in line with the agenda: adds what is missing, drops what was removed. */
  async function syncStructure(meetingId: string): Promise<void> {
    if (!deps.layoutLock) return applyStructure(meetingId);
    const docName = minutesDocName(meetingId);
    await server().getDocument(docName); // loaded first (its load takes the same lock)
    await deps.layoutLock(docName, async () => {
      await server().catchUp(docName); // what another instance created while we waited
      await applyStructure(meetingId);
    });
  }

  async function applyStructure(meetingId: string): Promise<void> {
    const layout = await deps.model.layout(meetingId);
    if (!layout) return;
    await server().applyServerUpdate(
      minutesDocName(meetingId),
      (doc) => {
        ensureLayout(doc, layout.items, null);
        const root = itemsMap(doc);
        const byId = new Map(layout.items.map((i) => [i.id, i]));
        for (const id of [...root.keys()]) {
          const item = byId.get(id);
          if (!item) {
            root.delete(id);
            continue;
          }
          const subs = (root.get(id) as Y.Map<unknown>).get(SUB_ITEMS_KEY) as Y.Map<unknown>;
          const letters = new Set(item.subItems.map((s) => s.letter));
          for (const letter of [...subs.keys()]) if (!letters.has(letter)) subs.delete(letter);
        }
      },
      serverOrigin('agenda'),
    );
  }

  /** Stores every field of the document that differs from the database and has been quiet for `quietMs`. */
  async function storeDifferences(meetingId: string, state: Observed, layout: { items: LayoutItem[] }, quietMs: number): Promise<number> {
    const live = projectMinutes(state.doc);
    const now = Date.now();
    const changes: TextChange[] = [];
    const check = (itemId: string, letter: string | null, field: MinutesField, db: string | null, text: string | undefined) => {
      const key = keyOf(meetingId, { itemId, letter, field });
      if (text === undefined || (db ?? '') === text || state.waiting.has(key)) return;
      if (quietMs > 0 && now - (state.changedAt.get(key) ?? 0) < quietMs) return;
      changes.push({ meetingId, agendaItemId: itemId, letter, field, text, userId: null });
    };
    for (const item of layout.items) {
      const l = live[item.id];
      if (!l) continue;
      check(item.id, null, MinutesField.NOTES, item.notes, l.notes);
      check(item.id, null, MinutesField.DECISION, item.decision, l.decision);
      for (const sub of item.subItems) {
        const ls = l.subItems[sub.letter];
        if (!ls) continue;
        check(item.id, sub.letter, MinutesField.NOTES, sub.notes, ls.notes);
        check(item.id, sub.letter, MinutesField.DECISION, sub.decision, ls.decision);
      }
    }
    const stored = changes.length ? (await deps.model.writeTexts(changes)).filter((r) => r === 'stored').length : 0;
    if (stored) log.info({ meetingId, fields: stored }, 'stored live texts the database did not hold yet');
    return stored;
  }

  return {
    attach(server: CollabServer): void {
      collab = server;
    },

    /** For the collab server's loadInitial: the structure every item needs, the lock, and the observer. */
    async loadInitial(docName: string, doc: Y.Doc): Promise<void> {
      const meetingId = parseMinutesDocName(docName);
      if (!meetingId) return;
      const layout = await deps.model.layout(meetingId);
      if (!layout) return;
      if (deps.layoutLock && !hasLayout(doc, layout.items)) {
        await deps.layoutLock(docName, async () => {
          await server().catchUp(docName); // another instance may have created it meanwhile
          if (ensureLayout(doc, layout.items, serverOrigin('layout'))) await server().whenStored(docName);
        });
      } else {
        ensureLayout(doc, layout.items, serverOrigin('layout'));
      }
      if (layout.locked) server().setReadOnly(docName, LOCKED_REASON);
      const state = observe(meetingId, doc);
      // The document is the truth: a field the database does not hold as the document does (an instance was killed
      // within the storage window) is stored now, before anyone reads it.
      if (!layout.locked) await storeDifferences(meetingId, state, layout, 0);
    },

    /** The MinutesSync the services call: before a change of texts (settle), and after they commit. */
    sync: {
      async settle(meetingId: string): Promise<void> {
        await debouncer.flush((k) => k.startsWith(`${meetingId}|`));
      },
      async textsSet(meetingId: string, texts: readonly SyncedText[]): Promise<void> {
        const docName = minutesDocName(meetingId);
        const fieldIn = (doc: Y.Doc, t: SyncedText) =>
          getMinutesText(doc, t.agendaItemId, t.field === MinutesField.DECISION ? DECISION_KEY : NOTES_KEY, t.letter ?? undefined);
        await server().applyServerUpdate(
          docName,
          (doc) => {
            for (const t of texts) {
              const ytext = fieldIn(doc, t);
              if (ytext) applyTextDiff(ytext, t.text);
            }
          },
          serverOrigin('api'),
        );
        // Typing that reached the document between the store and this diff merged with it: store what it holds now.
        const state = observed.get(meetingId);
        if (!state) return;
        for (const t of texts) {
          const ytext = fieldIn(state.doc, t);
          const target = { itemId: t.agendaItemId, letter: t.letter, field: t.field };
          if (ytext && recordText(ytext.toString()) !== t.text) schedule(meetingId, state, target, keyOf(meetingId, target), null);
        }
      },
      agendaChanged: syncStructure,
      async locked(meetingId: string): Promise<void> {
        await debouncer.flush((k) => k.startsWith(`${meetingId}|`));
        server().setReadOnly(minutesDocName(meetingId), LOCKED_REASON);
      },
      async liveTexts(meetingId: string) {
        return projectMinutes(await server().getDocument(minutesDocName(meetingId)));
      },
      async versionPoint(meetingId: string, reason: VersionReason, label: string, createdBy: string | null): Promise<void> {
        await debouncer.flush((k) => k.startsWith(`${meetingId}|`));
        const { state, seq } = await server().storedState(minutesDocName(meetingId));
        await deps.model.saveVersion({ meetingId, reason, label, createdBy, state, seq });
      },
    },

    /**
     * Several instances: stores every field of a loaded document that has been quiet for `quietMs` but differs
     * from what the database holds. Each instance stores what its own clients type; this repairs what an instance
     * that died before storing, or typing that reached an instance late (Redis unavailable), left behind.
     * Returns how many fields it stored.
     */
    async reconcile(docName: string, quietMs = 3_000): Promise<number> {
      const meetingId = parseMinutesDocName(docName);
      const state = meetingId ? observed.get(meetingId) : undefined;
      if (!meetingId || !state || server().isReadOnly(docName)) return 0;
      const layout = await deps.model.layout(meetingId);
      if (!layout || layout.locked) return 0;
      return storeDifferences(meetingId, state, layout, quietMs);
    },

    /** Stores every pending text now (before shutdown, and in tests). */
    flush(): Promise<void> {
      return debouncer.flush();
    },

    pending(): number {
      return debouncer.size;
    },
  };
}

export type MinutesBinding = ReturnType<typeof createMinutesBinding>;

/** Whether the document already holds the structure of every item and sub-item (so creating it changes nothing). */
function hasLayout(doc: Y.Doc, items: readonly LayoutItem[]): boolean {
  const root = itemsMap(doc);
  return items.every((item) => {
    const map = root.get(item.id);
    if (!(map instanceof Y.Map) || !(map.get(DECISION_KEY) instanceof Y.Text) || !(map.get(NOTES_KEY) instanceof Y.Text)) return false;
    const subs = map.get(SUB_ITEMS_KEY);
    return subs instanceof Y.Map && item.subItems.every((s) => subs.get(s.letter) instanceof Y.Map);
  });
}

/** The debouncer's key of one field of one meeting's referat. */
function keyOf(meetingId: string, t: { itemId: string; letter: string | null; field: MinutesField }): string {
  return `${meetingId}|${t.itemId}|${t.letter ?? ''}|${t.field}`;
}

/** The field a key of an item's (or sub-item's) map names, or null. Module-level: this runs on every keystroke. */
function fieldNamed(key: unknown): MinutesField | null {
  return key === DECISION_KEY ? MinutesField.DECISION : key === NOTES_KEY ? MinutesField.NOTES : null;
}

/** [itemId, 'decision'] or [itemId, 'subItems', letter, 'notes'] → the field it names. */
function fieldOf(path: (string | number)[]): { itemId: string; letter: string | null; field: MinutesField } | null {
  if (path.length === 2 && typeof path[0] === 'string') {
    const f = fieldNamed(path[1]);
    return f ? { itemId: path[0], letter: null, field: f } : null;
  }
  if (path.length === 4 && typeof path[0] === 'string' && path[1] === SUB_ITEMS_KEY && typeof path[2] === 'string') {
    const f = fieldNamed(path[3]);
    return f ? { itemId: path[0], letter: path[2], field: f } : null;
  }
  return null;
}
