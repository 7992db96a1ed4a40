/**
 * Validation reads updates structurally (no shadow document to try them on first), so should Yjs throw while the
 * shared document applies an accepted update, the document may be half-changed: it is thrown away, every client is
 * closed with CloseCode.documentReloaded, and the document is loaded again from its stored log.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../collab/close-codes.js';
import { connectClient, rawClient, startCollab, storedRows, syncFrame, waitFor, waitSynced, type CollabHarness } from './helpers.js';

const DOC = 'minutes:failed-update';

describe('collab: an update Yjs throws on reloads the document from storage', () => {
  let h: CollabHarness;

  beforeEach(async () => {
    h = await startCollab();
  });
  afterEach(async () => {
    await h.stop();
  });

  it('closes every connection with documentReloaded, stores what was logged, and serves the stored document again', async () => {
    const author = new Y.Doc();
    author.clientID = 3001;
    author.getText('text').insert(0, 'før ');
    const watcher = rawClient(h.serverUrl, DOC);
    const writer = rawClient(h.serverUrl, DOC);
    await Promise.all([watcher.opened, writer.opened]);
    writer.send(syncFrame(2, Y.encodeStateAsUpdate(author)));
    const failing = await h.collab.getDocument(DOC);
    await waitFor(() => failing.getText('text').toString() === 'før ', 'first update');

    // The seam: an observer on the server's document that throws (as a faulty binding would), so Y.applyUpdate
    // throws after it has changed the document.
    failing.getText('text').observe(() => {
      if (failing.getText('text').toString().includes('bom')) throw new Error('observer failed');
    });
    const sv = Y.encodeStateVector(author);
    author.getText('text').insert(4, 'bom');
    writer.send(syncFrame(2, Y.encodeStateAsUpdate(author, sv)));

    const [w, r] = await Promise.all([watcher.closed, writer.closed]);
    expect(w.code).toBe(CloseCode.documentReloaded);
    expect(r.code).toBe(CloseCode.documentReloaded);
    expect(r.reason).toMatch(/reloaded from storage/);

    // A client connecting meanwhile is closed the same way or, once the document is gone, loads it from storage.
    const reloaded = await h.collab.getDocument(DOC);
    expect(reloaded).not.toBe(failing);
    expect(reloaded.getText('text').toString()).toBe('før bom'); // Yjs emitted the change before it threw: logged
    expect((await storedRows(h.storage, DOC)).length).toBe(2);

    const late = connectClient(h.serverUrl, DOC);
    await waitSynced(late);
    expect(late.text().toString()).toBe('før bom');
    late.text().insert(0, 'etter: ');
    await waitFor(() => reloaded.getText('text').toString() === 'etter: før bom', 'an edit after the reload');
    late.destroy();
  });
});
