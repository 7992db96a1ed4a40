import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../collab/close-codes.js';
import { findItemConflict, UpdateValidator } from '../../collab/update-validation.js';
import {
  connectClient,
  rawClient,
  startCollab,
  storedRows,
  syncFrame,
  waitFor,
  waitSynced,
  type CollabHarness,
} from './helpers.js';

const DOC = 'minutes:validation';

/** Each call: what `client` has changed since the last call (or since now), as one update. */
function incrementalUpdates(client: Y.Doc): () => Uint8Array {
  let last = Y.encodeStateVector(client);
  return () => {
    const u = Y.encodeStateAsUpdate(client, last);
    last = Y.encodeStateVector(client);
    return u;
  };
}

function docWithClient(clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  return doc;
}

describe('collab: client updates are validated before they touch the document', () => {
  let h: CollabHarness;

  beforeEach(async () => {
    h = await startCollab();
  });
  afterEach(async () => {
    await h.stop();
  });

  const rows = async () => (await storedRows(h.storage, DOC)).length;

  async function send(update: Uint8Array) {
    const raw = rawClient(h.serverUrl, DOC);
    await raw.opened;
    raw.send(syncFrame(2, update));
    return raw;
  }

  async function serverText() {
    return (await h.collab.getDocument(DOC)).getText('text').toString();
  }

  it('refuses an update that depends on data never sent, and does not store it', async () => {
    const author = docWithClient(1000);
    author.getText('text').insert(0, 'abc');
    const before = Y.encodeStateVector(author);
    author.getText('text').insert(3, 'def');
    const second = Y.encodeStateAsUpdate(author, before); // its left origin (1000:2) was never sent

    const raw = await send(second);
    const closed = await raw.closed;
    expect(closed.code).toBe(CloseCode.policyViolation);
    expect(closed.reason).toMatch(/never received/);
    await h.collab.flush();
    expect(await rows()).toBe(0);
    expect(await serverText()).toBe('');
    expect(Y.getState((await h.collab.getDocument(DOC)).store, 1000)).toBe(0);

    // The document still accepts well-formed updates after the refusal.
    const ok = await send(Y.encodeStateAsUpdate(author));
    await waitFor(async () => (await serverText()) === 'abcdef', 'full update to be accepted');
    ok.ws.close();
  });

  it('refuses a delete of items the server never received', async () => {
    const author = docWithClient(1002);
    author.getText('text').insert(0, 'xyz');
    const sv = Y.encodeStateVector(author);
    author.getText('text').delete(0, 1);
    const deleteOnly = Y.encodeStateAsUpdate(author, sv);
    const closed = await (await send(deleteOnly)).closed;
    expect(closed.code).toBe(CloseCode.policyViolation);
    await h.collab.flush();
    expect(await rows()).toBe(0);
  });

  it('refuses an update reusing an item id with other content; accepts an identical resend', async () => {
    const original = docWithClient(1001);
    original.getText('text').insert(0, 'hello');
    const first = await send(Y.encodeStateAsUpdate(original));
    await waitFor(async () => (await serverText()) === 'hello', 'original to be accepted');
    await h.collab.flush();
    expect(await rows()).toBe(1);

    const resend = await send(Y.encodeStateAsUpdate(original));
    const impostor = docWithClient(1001);
    impostor.getText('text').insert(0, 'HELLO');
    const raw = await send(Y.encodeStateAsUpdate(impostor));
    const closed = await raw.closed;
    expect(closed.code).toBe(CloseCode.conflict);
    expect(closed.reason).toMatch(/1001:0 already exists with other content/);
    await h.collab.flush();
    expect(await rows()).toBe(1);
    expect(await serverText()).toBe('hello');
    expect(resend.ws.readyState).toBe(resend.ws.OPEN);
    first.ws.close();
    resend.ws.close();

    // A client joining later loads exactly what was accepted.
    const late = connectClient(h.serverUrl, DOC);
    await waitSynced(late);
    expect(late.text().toString()).toBe('hello');
    late.destroy();
  });
});

describe('findItemConflict', () => {
  it('compares structure and content unit by unit, also across split items', () => {
    const server = docWithClient(5);
    server.getText('t').insert(0, 'abcdef');
    server.getText('t').delete(2, 1); // splits the stored item
    const sameAuthor = docWithClient(5);
    sameAuthor.getText('t').insert(0, 'abcdef');
    const decode = (d: Y.Doc) => Y.decodeUpdate(Y.encodeStateAsUpdate(d)).structs as Array<Y.Item | Y.GC | Y.Skip>;
    expect(findItemConflict(server, decode(sameAuthor))).toBeNull();

    const other = docWithClient(5);
    other.getText('t').insert(0, 'abcdXf');
    expect(findItemConflict(server, decode(other))).toMatch(/5:4 already exists with other content/);

    // Deleted content is gone on the server: nothing left to compare it with.
    const differsOnlyWhereDeleted = docWithClient(5);
    differsOnlyWhereDeleted.getText('t').insert(0, 'abXdef');
    expect(findItemConflict(server, decode(differsOnlyWhereDeleted))).toBeNull();

    const otherParent = docWithClient(5);
    otherParent.getText('u').insert(0, 'abcdef');
    expect(findItemConflict(server, decode(otherParent))).toMatch(/parent/);

    const map = docWithClient(6);
    map.getMap('m').set('k', 1);
    const mapClash = docWithClient(6);
    mapClash.getMap('m').set('k', 2);
    expect(findItemConflict(map, decode(mapClash))).toMatch(/content/);
  });
});

describe('UpdateValidator', () => {
  const state = (d: Y.Doc) => Buffer.from(Y.encodeStateAsUpdate(d)).toString('base64');

  it('validates against the document as it is: server changes and observers’ nested changes count, each update is applied once', () => {
    const doc = new Y.Doc();
    const sunk: Uint8Array[] = [];
    const v = new UpdateValidator(doc, (u) => sunk.push(u));
    // An observer that makes a change of its own inside the client's transaction cleanup (emitted after it).
    doc.getText('t').observe((e) => {
      if (e.transaction.origin === 'client' && doc.getText('t').toString().endsWith('!')) doc.getMap('m').set('seen', doc.getText('t').length);
    });
    const client = docWithClient(9);
    const next = incrementalUpdates(client);
    let transactions = 0;
    doc.on('beforeTransaction', () => transactions++);

    client.getText('t').insert(0, 'hei');
    const first = next();
    expect(v.validate(first)).toEqual({ ok: true });
    expect(transactions).toBe(0); // validation does not touch the document
    v.apply(first, 'client');
    expect(transactions).toBe(1);

    doc.getText('t').insert(0, '> '); // a server change
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(client)));
    client.getText('t').insert(5, ' alle!'); // its left origin is the server's change
    const second = next();
    expect(v.validate(second)).toEqual({ ok: true });
    v.apply(second, 'client'); // the observer's nested change follows
    expect(doc.getMap('m').get('seen')).toBeGreaterThan(0);
    expect(doc.getText('t').toString()).toBe('> hei alle!');

    // An update bringing nothing new emits nothing; one that depends on what was never sent is refused.
    expect(v.validate(second)).toEqual({ ok: true });
    const before = sunk.length;
    v.apply(second, 'client');
    expect(sunk).toHaveLength(before);
    client.getText('t').insert(0, 'a');
    next();
    client.getText('t').insert(0, 'b');
    expect(v.validate(next())).toMatchObject({ ok: false, code: CloseCode.policyViolation });
    const replay = new Y.Doc();
    for (const u of sunk) Y.applyUpdate(replay, u);
    expect(state(replay)).toBe(state(doc));
    v.destroy();
  });

  it('passes a fresh incremental update on as the client’s own bytes, everything else as Yjs encodes it, once and in order', () => {
    const doc = new Y.Doc();
    const sunk: Array<{ update: Uint8Array; origin: unknown }> = [];
    const v = new UpdateValidator(doc, (update, origin) => sunk.push({ update, origin }));
    const client = docWithClient(11);
    const next = incrementalUpdates(client);
    const replayed = () => {
      const replay = new Y.Doc();
      for (const s of sunk) Y.applyUpdate(replay, s.update);
      return state(replay);
    };

    // A paste: Yjs does not encode it again, the sink gets the very bytes the client sent.
    client.getText('t').insert(0, 'x'.repeat(100_000));
    const paste = next();
    expect(v.validate(paste)).toEqual({ ok: true });
    v.apply(paste, 'client', true);
    expect(sunk).toHaveLength(1);
    expect(sunk[0]!.update).toBe(paste);
    expect(sunk[0]!.origin).toBe('client');

    // An observer changing the document inside the client's transaction: both encoded by Yjs, the client's first.
    doc.getText('t').observe((e) => {
      const seen = doc.getMap('m').has('seen');
      if (e.transaction.origin === 'client' && !seen && doc.getText('t').toString().endsWith('!')) doc.getMap('m').set('seen', true);
    });
    client.getText('t').insert(client.getText('t').length, '!');
    const bang = next();
    expect(v.validate(bang)).toEqual({ ok: true });
    v.apply(bang, 'client', true);
    expect(sunk.map((s) => s.origin)).toEqual(['client', 'client', null]);
    expect(sunk[1]!.update).not.toBe(bang);
    expect(doc.getMap('m').get('seen')).toBe(true);

    // A sync step 2 repeating what the document holds, with one new character: Yjs's encoding of what is new only.
    client.getText('t').insert(0, 'y');
    const step2 = Y.encodeStateAsUpdate(client);
    expect(v.validate(step2)).toEqual({ ok: true });
    v.apply(step2, 'client', false);
    expect(sunk).toHaveLength(4);
    expect(sunk[3]!.update.byteLength).toBeLessThan(100);

    // Nothing new: nothing passed on.
    expect(v.validate(next())).toEqual({ ok: true });
    expect(v.validate(paste)).toEqual({ ok: true });
    v.apply(paste, 'client', true);
    expect(sunk).toHaveLength(4);

    expect(replayed()).toBe(state(doc));
    v.destroy();
  });

  it('refuses an update whose first bytes look like a fresh edit but whose structs do not decode, and stays usable', () => {
    const doc = new Y.Doc();
    const v = new UpdateValidator(doc, () => {});
    doc.getText('t').insert(0, 'base');
    // One client (77) from clock 0, one struct announced, then bytes that are no struct.
    const broken = new Uint8Array([1, 1, 77, 0, 0xff, 0xff, 0xff, 0xff, 0xff]);
    expect(v.validate(broken)).toMatchObject({ ok: false, code: CloseCode.invalidPayload });
    const client = docWithClient(12);
    client.getText('t').insert(0, 'ok');
    const good = Y.encodeStateAsUpdate(client);
    expect(v.validate(good)).toEqual({ ok: true });
    v.apply(good, 'client', true);
    expect(doc.getText('t').length).toBe(6);
    v.destroy();
  });

  it('destroy() takes every listener it put on the document away; another validator then validates alone', () => {
    const doc = new Y.Doc();
    const sunk: string[] = [];
    const observers = (doc as unknown as { _observers: Map<string, Set<unknown>> })._observers;
    const listening = () => [...observers.entries()].filter(([, fs]) => fs.size > 0).map(([name, fs]) => `${name} ${fs.size}`);
    const own = listening(); // the document's own ('load', 'sync')
    const first = new UpdateValidator(doc, () => sunk.push('first'));
    expect(listening()).not.toEqual(own);
    first.destroy();
    expect(listening()).toEqual(own);
    const second = new UpdateValidator(doc, () => sunk.push('second'));
    for (const [k, incremental] of [[0, true], [1, false]] as const) {
      const client = docWithClient(40 + k);
      client.getText('t').insert(0, `x${k}`);
      const u = Y.encodeStateAsUpdate(client);
      expect(second.validate(u)).toEqual({ ok: true });
      second.apply(u, 'client', incremental);
    }
    expect(sunk).toEqual(['second', 'second']);
    second.destroy();
  });

  it('keeps no copy of the document: after a long typing session it holds next to nothing of its own', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = () => {
      for (let i = 0; i < 3; i++) gc();
      return process.memoryUsage().heapUsed;
    };
    const before = heap();
    const doc = new Y.Doc();
    let v = new UpdateValidator(doc, () => {});
    // 20 typists, each into a field of its own, one short chunk per update, as the soak types.
    const typists = Array.from({ length: 20 }, (_, i) => docWithClient(100 + i));
    for (let k = 0; k < 1500; k++) {
      for (const [i, t] of typists.entries()) {
        const sv = Y.encodeStateVector(t);
        t.getText(`f${i}`).insert(t.getText(`f${i}`).length, `${i}.${k};`);
        const u = Y.encodeStateAsUpdate(t, sv);
        expect(v.validate(u)).toEqual({ ok: true });
        v.apply(u, 'client');
      }
    }
    for (const t of typists) t.destroy();
    const withValidator = heap();
    v.destroy();
    v = new UpdateValidator(doc, () => {}); // what it held is garbage now
    const documentAlone = heap();
    const held = withValidator - documentAlone;
    const documentBytes = documentAlone - before;
    console.log(`[validation] after 30 000 updates: document ${(documentBytes / 1e6).toFixed(2)} MB, validator ${(held / 1e6).toFixed(2)} MB`);
    // With a shadow copy (before; rebuilt every 500 updates) it held 0.25 MB here.
    expect(held).toBeLessThan(documentBytes / 20);

    // After a long session, an update depending on data never sent is still refused, and a good one accepted.
    const late = docWithClient(100);
    Y.applyUpdate(late, Y.encodeStateAsUpdate(doc));
    const sv = Y.encodeStateVector(late);
    late.getText('f0').insert(0, 'a');
    const skipped = Y.encodeStateVector(late);
    late.getText('f0').insert(1, 'b');
    expect(v.validate(Y.encodeStateAsUpdate(late, skipped))).toMatchObject({ ok: false, code: CloseCode.policyViolation });
    expect(v.validate(Y.encodeStateAsUpdate(late, sv))).toEqual({ ok: true });
    v.destroy();
  }, 60_000);
});
