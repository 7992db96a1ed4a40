/**
 * Acceptance 1, the authorisation matrix: the live referat (ws /collab/minutes:<id>) for every role (see
 * authorization-matrix.ts): read-write, read-only (told so, nothing stored) or refused at the upgrade.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentUpdate } from '../../schema/entities/index.js';
import { minutesDocName } from '../../schema/ydoc-layout.js';
import type { TestServer } from '../helpers/app.js';
import { dbKinds } from '../helpers/databases.js';
import { connectLive, roundTrip, waitSynced, type LiveClient } from '../helpers/live-docs.js';
import { rawCollabUpgrade } from '../helpers/raw-collab.js';
import { userOf, type Tokens } from '../helpers/roles.js';
import { sleep, waitFor } from '../helpers/wait.js';
import { startMatrixServer, type Fixtures } from './authorization-fixtures.js';
import { COLLAB } from './authorization-matrix.js';

describe.each(dbKinds())('authorisation matrix (%s)', (kind) => {
  let server: TestServer;
  let tokens: Tokens;
  let f: Fixtures;

  beforeAll(async () => {
    ({ server, tokens, f } = await startMatrixServer(kind));
  });

  afterAll(async () => {
    await server?.close();
  });

  describe('live referat connections', () => {
    let m: string;
    let item: string;
    const lives: LiveClient[] = [];
    afterAll(() => {
      for (const l of lives.splice(0)) l.destroy();
    });

    beforeAll(async () => {
      const fx = f.next();
      ({ m, items: [item] } = (await f.meeting(fx, 'HELD', ['Sak'])) as { m: string; items: [string] });
    });

    const decisionText = async () =>
      (await server.ok<{ agendaItem: { decision: { text: string } | null } }>(`query ($i: ID!) { agendaItem(id: $i) { decision { text } } }`, { i: item })).agendaItem.decision?.text ?? '';

    for (const [role, mode] of COLLAB) {
      it(`${role}: ${mode}`, async () => {
        if (mode === 'refused') {
          for (const header of [false, true]) {
            const outcome = await rawCollabUpgrade(server.url, minutesDocName(m), role === 'public' ? null : tokens[role], { header });
            expect(outcome.opened, `${role} must not get a websocket`).toBe(false);
            expect([401, 403]).toContain(outcome.status);
            expect(outcome.messages).toBe(0);
          }
          return;
        }
        const live = connectLive(server.url, m, { token: tokens[role] });
        lives.push(live);
        await waitSynced([live], [item], 8_000);
        const mark = ` [${role}]`;
        const user = await userOf(server, tokens[role]);
        const rows = () => server.app.orm.em.fork().count(DocumentUpdate, { docName: minutesDocName(m), userId: user.id });
        live.text(item, 'decision').insert(live.text(item, 'decision').length, mark);
        if (mode === 'read-write') {
          await waitFor(async () => (await decisionText()).includes(mark), `${role}'s edit to be stored`, 5_000);
          expect(await rows()).toBeGreaterThan(0);
          expect(live.denials).toEqual([]);
        } else {
          await roundTrip(live);
          await sleep(600); // longer than the 250 ms debounce
          await server.app.live.binding.flush();
          expect(await decisionText()).not.toContain(mark);
          expect(await rows()).toBe(0);
          expect(live.denials.length).toBeGreaterThan(0);
          expect(live.provider.wsconnected).toBe(true);
        }
      });
    }
  });
});
