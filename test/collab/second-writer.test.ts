import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendElsewhere, connectClient, startCollab, storedRows, waitFor, waitSynced, type CollabHarness, type TestClient } from './helpers.js';

const DOC = 'minutes:shared-log';

/** Another instance's write: an update on top of `base`, appended to the log directly. */
async function writeElsewhere(h: CollabHarness, base: Y.Doc, edit: (doc: Y.Doc) => void): Promise<number[]> {
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(base));
  const sv = Y.encodeStateVector(other);
  edit(other);
  return appendElsewhere(h.storage, DOC, [{ data: Y.encodeStateAsUpdate(other, sv), origin: 'other-instance', userId: null }]);
}

describe('collab: the log is the truth (a second writer)', () => {
  let h: CollabHarness;
  let client: TestClient;
  afterEach(async () => {
    client.destroy();
    await h.stop();
  });

  it('reads what another writer stored when told (notifyStored), and fills a gap in its own seqs', async () => {
    h = await startCollab();
    client = connectClient(h.serverUrl, DOC);
    await waitSynced(client);
    client.text().insert(0, 'her ');
    await waitFor(async () => (await storedRows(h.storage, DOC)).length === 1, 'first edit stored');

    const server = await h.collab.getDocument(DOC);
    const [seq] = await writeElsewhere(h, server, (doc) => doc.getText('text').insert(4, 'der '));
    expect(seq).toBe(2);
    await h.collab.notifyStored(DOC, seq!, seq!);
    await waitFor(() => client.text().toString() === 'her der ', 'the other writer’s edit to reach the client');

    // Not told this time: the next own write finds its seq after a gap and reads the gap from the log.
    await writeElsewhere(h, server, (doc) => doc.getText('text').insert(0, '>> '));
    client.text().insert(client.text().length, 'og');
    await waitFor(() => client.text().toString() === '>> her der og', 'gap to be filled');
    const seqs = (await storedRows(h.storage, DOC)).map((r) => r.seq);
    expect(seqs).toEqual([1, 2, 3, 4]);
  });
});
