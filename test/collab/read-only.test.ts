import { afterEach, describe, expect, it } from 'vitest';
import * as authProtocol from 'y-protocols/auth';
import type { WebsocketProvider } from 'y-websocket';
import { connectClient, roundTrip, startCollab, storedRows, waitFor, waitSynced, type CollabHarness, type TestClient } from './helpers.js';

const DOC = 'minutes:approved';

/** Records the reasons of y-websocket permission-denied messages instead of logging them. */
function recordDenials(provider: WebsocketProvider): string[] {
  const reasons: string[] = [];
  provider.messageHandlers[2] = (_encoder, decoder, p) => {
    authProtocol.readAuthMessage(decoder, p.doc, (_doc, reason) => reasons.push(reason));
  };
  return reasons;
}

describe('collab: read-only documents', () => {
  let h: CollabHarness;
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await h.stop();
  });

  const rows = async () => (await storedRows(h.storage, DOC)).length;

  it('stops applying and storing client edits, tells clients why, and keeps the text readable', async () => {
    h = await startCollab();
    const a = connectClient(h.serverUrl, DOC);
    clients.push(a);
    const denials = recordDenials(a.provider);
    await waitSynced(a);
    a.text().insert(0, 'Godkjent referat.');
    await waitFor(async () => (await rows()) === 1, 'edit to be stored');

    h.collab.setReadOnly(DOC, 'minutes approved');
    expect(h.collab.isReadOnly(DOC)).toBe(true);
    await waitFor(() => denials.length === 1, 'the client to be told');
    expect(denials[0]).toBe('minutes approved');

    a.text().insert(0, 'EDIT ');
    const server = await h.collab.getDocument(DOC);
    // The edit reached the server (the connection stays open) and was ignored.
    await roundTrip(a);
    await h.collab.flush();
    expect(server.getText('text').toString()).toBe('Godkjent referat.');
    expect(await rows()).toBe(1);
    expect(a.provider.wsconnected).toBe(true);

    // A reader joining later sees the approved text, and is told it is read-only.
    const reader = connectClient(h.serverUrl, DOC);
    clients.push(reader);
    const readerDenials = recordDenials(reader.provider);
    await waitSynced(reader);
    expect(reader.text().toString()).toBe('Godkjent referat.');
    await waitFor(() => readerDenials.length === 1, 'the reader to be told');

    // Server-side changes (trusted) still go through and reach readers.
    await h.collab.applyServerUpdate(DOC, (doc) => doc.getText('text').insert(0, '§ '), 'approval stamp');
    await waitFor(() => reader.text().toString() === '§ Godkjent referat.', 'server change to arrive');
    expect(await rows()).toBe(2);

    h.collab.setReadOnly(DOC, null);
    expect(h.collab.isReadOnly(DOC)).toBe(false);
    reader.text().insert(reader.text().length, ' Rettet.');
    await waitFor(() => server.getText('text').toString().endsWith('Rettet.'), 'edits to be accepted again');
  });

  it('per-user read-only access from authorize', async () => {
    h = await startCollab({
      authorize: async (req) => ({ userId: req.url?.includes('viewer') ? 'viewer' : 'editor', readOnly: !!req.url?.includes('viewer') }),
    });
    const editor = connectClient(h.serverUrl, DOC);
    const viewer = connectClient(h.serverUrl, DOC);
    viewer.provider.params = { as: 'viewer' };
    viewer.provider.disconnect();
    viewer.provider.connect();
    clients.push(editor, viewer);
    const denials = recordDenials(viewer.provider);
    await waitSynced(editor, viewer);
    editor.text().insert(0, 'fra redaktør');
    await waitFor(() => viewer.text().toString() === 'fra redaktør', 'viewer to read');
    viewer.text().insert(0, 'fra leser ');
    await roundTrip(viewer);
    expect(denials).toEqual(['READ_ONLY_ACCESS: read-only access']);
    await h.collab.flush();
    const stored = await storedRows(h.storage, DOC);
    expect(stored.map((r) => r.userId)).toEqual(['editor']);
    expect(editor.text().toString()).toBe('fra redaktør');
  });
});
