import type { Logger } from 'pino';
import { createCollabServer, type CollabOptions, type CollabServer } from '../collab/index.js';
import { createMinutesBinding, type MinutesBinding } from '../collab/minutes-binding.js';
import { Meeting } from '../schema/entities/index.js';
import { parseMinutesDocName } from '../schema/ydoc-layout.js';
import type { Orm } from './db/orm.js';
import type { EventBus } from './pubsub.js';
import { createMinutesModel } from './services/minutes-model.js';

/** The live referat: the sync server, and its binding to the relational model through the services. */
export function createLiveMinutes(orm: Orm, events: EventBus, log: Logger, options: Partial<CollabOptions> = {}) {
  const binding: MinutesBinding = createMinutesBinding({ model: createMinutesModel(orm, events, () => binding.sync), log });
  const collab: CollabServer = createCollabServer({
    orm,
    log: log.child({ component: 'collab' }),
    options,
    loadInitial: binding.loadInitial,
    // Only the referat of an existing meeting can be opened. (Who may open it comes with authentication.)
    authorize: async (_req, docName) => {
      const meetingId = parseMinutesDocName(docName);
      if (!meetingId || !/^[0-9a-f-]{36}$/i.test(meetingId)) return null;
      const exists = await orm.em.fork().count(Meeting, { id: meetingId });
      return exists ? { userId: null, readOnly: false } : null;
    },
  });
  binding.attach(collab);
  return {
    collab,
    binding,
    /** Stores pending texts and every accepted update, then closes the sockets. */
    async close(): Promise<void> {
      await binding.flush();
      await collab.close();
      await binding.flush();
    },
  };
}

export type LiveMinutes = ReturnType<typeof createLiveMinutes>;
