export { createCollabServer } from './collab-server.js';
export { CloseCode } from './close-codes.js';
export { MemoryDocumentStorage } from './storage/memory-storage.js';
export type { BatchEntry, DocumentStorage, LoadedDocument, StoredUpdate, UpdateToAppend } from './storage/port.js';
export { SqlDocumentStorage } from './storage/sql-storage.js';
export { COLLAB_PATH_PREFIX } from './http-upgrade.js';
export {
  clientOrigin,
  isCollabOrigin,
  serverOrigin,
  STORE_ORIGIN,
  type ClientOrigin,
  type CollabOrigin,
  type ServerOrigin,
  type StoreOrigin,
} from './origins.js';
export { defaultCollabOptions, type CollabAccess, type CollabDeps, type CollabHooks, type CollabOptions, type CollabServer } from './types.js';
