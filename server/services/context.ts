import type { EntityManager } from '@mikro-orm/core';
import type { Viewer } from '../auth/viewer.js';
import type { EventBus } from '../pubsub.js';
import type { MinutesSync } from './minutes-sync.js';
import type { Mailer } from '../mail/mailer.js';
import type { ReplyLinks } from '../mail/reply-link.js';
import type { FileStore } from '../files/port.js';

/** What every service needs: a request-scoped EntityManager, the event bus, the live-referat sync and who acts. */
export interface ServiceContext {
  em: EntityManager;
  events: EventBus;
  sync: MinutesSync;
  /** Who is asking: checked by every change, recorded in versions and the audit trail. */
  viewer: Viewer;
  /** Where a change comes from, for the audit trail (default: the API). */
  via?: AuditVia;
  /** Sending the innkalling (absent: sendNotice only changes the status, as for imports and the seed). */
  notices?: NoticeDeps;
  /** The file store of vedlegg (absent: uploads and downloads are refused, as in imports and the seed). */
  files?: FileDeps;
  /**
   * Told when an answer reads the live referat of a meeting whose referat is not locked: live typing changes it
   * without a change event until the binding stores the text, so the response caches must not keep that answer.
   */
  readsLive?: () => void;
}

/** What vedlegg files need from the server: the store, and what to do once a file is stored (extract its text). */
export interface FileDeps {
  store: FileStore;
  /** Called after the commit of a new file (off the request path: text extraction, then re-indexing). */
  stored(file: { sha256: string; mimeType: string }): void;
}

/** What sending the innkalling needs from the server. */
export interface NoticeDeps {
  /** null: no SMTP_URL, messages stay in the outbox. */
  mailer: Mailer | null;
  links: ReplyLinks;
  from: string;
  /** Where members reach the server, for the forfall links. */
  publicUrl(): string;
}

/** Where a change comes from: the API, typing in the live referat, an imported document, the example seed. */
export type AuditVia = 'api' | 'live' | 'import' | 'seed';
