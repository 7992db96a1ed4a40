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
  type LayoutItem,
} from '../schema/ydoc-layout.js';
import { Debouncer } from './debouncer.js';
import { serverOrigin, toCollabOrigin } from './origins.js';
import type { CollabServer } from './types.js';

/** What the binding needs from the relational model; the server supplies it (collab imports nothing of server/). */
export interface MinutesModel {
  /** The items and texts of a meeting's referat, and whether it is locked; null when there is no such meeting. */
  layout(meetingId: string): Promise<{ items: LayoutItem[]; locked: boolean } | null>;
  /** Stores a text typed in the live document (and tells subscribers). */
  writeText(change: TextChange): Promise<void>;
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

export interface MinutesBindingOptions {
  /** Quiet time after the last keystroke before a field is stored. */
  debounceMs: number;
  /** A field being typed into continuously is stored at least this often. */
  maxWaitMs: number;
}

export const LOCKED_REASON = 'The minutes are approved and locked (referatet er godkjent); they can be read but not changed.';

/**
 * Binds each meeting's live referat (Y.Doc `minutes:<meetingId>`) to the relational model, both ways:
 * text typed by clients is stored per field after a short quiet time, and texts set through the API are applied
 * to the document as a server transaction with a minimal diff. Typed origins keep the two directions apart, so
 * nothing echoes.
 */
export function createMinutesBinding(deps: { model: MinutesModel; log: Logger; options?: Partial<MinutesBindingOptions> }) {
  const opts: MinutesBindingOptions = { debounceMs: 250, maxWaitMs: 2000, ...deps.options };
  const log = deps.log.child({ component: 'minutes-binding' });
  const debouncer = new Debouncer<string>(opts.debounceMs, opts.maxWaitMs, (key, err) =>
    log.error({ err, key }, 'could not store a text typed in the live referat'),
  );
  let collab: CollabServer | null = null;
  const server = () => {
    if (!collab) throw new Error('minutes binding used before attach(collab)');
    return collab;
  };

  /** Watches client edits of one loaded document and schedules their projection. */
  function observe(meetingId: string, doc: Y.Doc): void {
    itemsMap(doc).observeDeep((events, txn) => {
      const origin = toCollabOrigin(txn.origin);
      if (origin.kind !== 'client') return;
      for (const e of events) {
        if (!(e.target instanceof Y.Text)) continue;
        const target = fieldOf(e.path);
        if (!target) continue;
        const key = `${meetingId}|${target.itemId}|${target.letter ?? ''}|${target.field}`;
        debouncer.touch(key, async () => {
          const ytext = getMinutesText(doc, target.itemId, target.field === MinutesField.DECISION ? DECISION_KEY : NOTES_KEY, target.letter ?? undefined);
          if (!ytext) return;
          await deps.model.writeText({ meetingId, ...target, agendaItemId: target.itemId, text: ytext.toString(), userId: origin.userId });
        });
      }
    });
  }

  /** Brings the document's structure in line with the agenda: adds what is missing, drops what was removed. */
  async function syncStructure(meetingId: string): Promise<void> {
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
      ensureLayout(doc, layout.items, serverOrigin('layout'));
      if (layout.locked) server().setReadOnly(docName, LOCKED_REASON);
      observe(meetingId, doc);
    },

    /** The MinutesSync the services call after they commit. */
    sync: {
      async textSet(meetingId: string, agendaItemId: string, letter: string | null, field: MinutesField, text: string): Promise<void> {
        // Whatever clients typed into this field and is not stored yet is stored first; then the API's text wins.
        await debouncer.flush((k) => k === `${meetingId}|${agendaItemId}|${letter ?? ''}|${field}`);
        await server().applyServerUpdate(
          minutesDocName(meetingId),
          (doc) => {
            const ytext = getMinutesText(doc, agendaItemId, field === MinutesField.DECISION ? DECISION_KEY : NOTES_KEY, letter ?? undefined);
            if (ytext) applyTextDiff(ytext, text);
          },
          serverOrigin('api'),
        );
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

/** [itemId, 'decision'] or [itemId, 'subItems', letter, 'notes'] → the field it names. */
function fieldOf(path: (string | number)[]): { itemId: string; letter: string | null; field: MinutesField } | null {
  const field = (key: unknown) => (key === DECISION_KEY ? MinutesField.DECISION : key === NOTES_KEY ? MinutesField.NOTES : null);
  if (path.length === 2 && typeof path[0] === 'string') {
    const f = field(path[1]);
    return f ? { itemId: path[0], letter: null, field: f } : null;
  }
  if (path.length === 4 && typeof path[0] === 'string' && path[1] === SUB_ITEMS_KEY && typeof path[2] === 'string') {
    const f = field(path[3]);
    return f ? { itemId: path[0], letter: path[2], field: f } : null;
  }
  return null;
}
