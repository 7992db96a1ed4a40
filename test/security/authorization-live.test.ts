/**
 * Acceptance 1, the authorisation matrix: the live referat (ws /collab/minutes:<id>) for every role (see
 * authorization-matrix.ts): read-write, read-only (told so, nothing stored) or refused at the upgrade.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DocumentUpdate } from '../../schema/entities/index.js';
import { minutesDocName } from '../../schema/ydoc-layout.js';
import { connectLive, roundTrip, waitSynced, type LiveClient } from '../helpers/live-docs.js';
import { errorCodes } from '../helpers/graphql.js';
import { rawCollabUpgrade } from '../helpers/raw-collab.js';
import { userOf } from '../helpers/roles.js';
import { sleep, waitFor } from '../helpers/wait.js';
import { describeMatrix } from './authorization-fixtures.js';
import { COLLAB } from './authorization-matrix.js';

describeMatrix('live referat connections', (ctx) => {
  let m: string;
  let item: string;
  const lives: LiveClient[] = [];
  afterAll(() => {
    for (const l of lives.splice(0)) l.destroy();
  });

  beforeAll(async () => {
    const fx = ctx.f.next();
    ({ m, items: [item] } = (await ctx.f.meeting(fx, 'HELD', ['Sak'])) as { m: string; items: [string] });
  });

  const decisionText = async () =>
    (await ctx.server.ok<{ agendaItem: { decision: { text: string } | null } }>(`query ($i: ID!) { agendaItem(id: $i) { decision { text } } }`, { i: item })).agendaItem.decision?.text ?? '';

  for (const [role, mode] of COLLAB) {
    it(`${role}: ${mode}`, async () => {
      if (mode === 'refused') {
        const outcome = await rawCollabUpgrade(ctx.server.url, minutesDocName(m), role === 'public' ? null : ctx.tokens[role]);
        expect(outcome.opened, `${role} must not get a websocket`).toBe(false);
        expect([401, 403]).toContain(outcome.status);
        expect(outcome.messages).toBe(0);
        // Nor a ticket, the browser's way in.
        const ticket = await ctx.gql(`mutation ($m: ID!) { collabTicket(meetingId: $m) { ticket } }`, { m }, ctx.tokens[role]);
        expect(ticket.data?.collabTicket ?? null).toBeNull();
        expect(errorCodes(ticket.errors)).toEqual([role === 'secretarySG' ? 'FORBIDDEN' : 'UNAUTHENTICATED']);
        return;
      }
      // The browser's way in: a ticket (asked for with the header) opens the same document once.
      const { collabTicket } = (await ctx.gql(`mutation ($m: ID!) { collabTicket(meetingId: $m) { ticket } }`, { m }, ctx.tokens[role])).data!;
      const viaTicket = await rawCollabUpgrade(ctx.server.url, minutesDocName(m), null, { query: { ticket: collabTicket.ticket }, listenMs: 50 });
      expect(viaTicket.status).toBe(101);
      const live = connectLive(ctx.server.url, m, { token: ctx.tokens[role] });
      lives.push(live);
      await waitSynced([live], [item], 8_000);
      const mark = ` [${role}]`;
      const user = await userOf(ctx.server, ctx.tokens[role]);
      const rows = () => ctx.server.app.orm.em.fork().count(DocumentUpdate, { docName: minutesDocName(m), userId: user.id });
      live.text(item, 'decision').insert(live.text(item, 'decision').length, mark);
      if (mode === 'read-write') {
        await waitFor(async () => (await decisionText()).includes(mark), `${role}'s edit to be stored`, 5_000);
        expect(await rows()).toBeGreaterThan(0);
        expect(live.denials).toEqual([]);
      } else {
        await roundTrip(live);
        await sleep(600); // longer than the 250 ms debounce
        await ctx.server.app.live.binding.flush();
        expect(await decisionText()).not.toContain(mark);
        expect(await rows()).toBe(0);
        expect(live.denials.length).toBeGreaterThan(0);
        expect(live.provider.wsconnected).toBe(true);
      }
    });
  }
});
