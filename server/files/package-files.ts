/** The innkalling package reads vedlegg files from the file store (server/documents/package/gather-package.ts). */
import { buffer } from 'node:stream/consumers';
import type { PackageFiles } from '../documents/package/gather-package.js';
import type { FileStore } from './port.js';

/** Files of vedlegg that have one stored; a vedlegg without (a title only) gets the package's cover page. */
export function packageFilesOf(store: FileStore): PackageFiles {
  return {
    async open(a) {
      if (!a.sha256) return null;
      const stream = await store.open(a.sha256);
      return stream ? { bytes: new Uint8Array(await buffer(stream)), mimeType: a.mimeType ?? 'application/octet-stream' } : null;
    },
  };
}
