/**
 * Acceptance 4 (issue 15): no token in the server's logs. The server runs with its own logger at the most verbose
 * level (trace: every HTTP request, every SQL statement) into memory, while a secretary signs in with the header,
 * downloads through a signed link, subscribes a calendar through a feed link, opens the live referat with a ticket,
 * and others try a token in the URL, a bad link and a used ticket. The log must hold none of those secrets.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyRole } from '../../schema/enums.js';
import { minutesDocName } from '../../schema/ydoc-layout.js';
import { createLogger } from '../../server/logger.js';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { rawCollabUpgrade } from '../helpers/raw-collab.js';
import { seedMeeting } from '../helpers/seed-meeting.js';

describe('the server logs no token, link or ticket', () => {
  const lines: string[] = [];
  let server: TestServer;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    server = await startTestServer('sqlite', { log: createLogger({ logLevel: 'trace' }, {}, sink) });
  });
  afterAll(() => server?.close());

  it('after downloads, feeds, tickets and refused attempts, the log holds none of them', async () => {
    const secretary = await server.tokenFor(BodyRole.SECRETARY, 'radmannsgruppen');
    const meetingId = (await seedMeeting(server)).id;
    const secrets: string[] = [secretary, server.adminToken];

    // GraphQL and a download with the header.
    await server.ok(`{ me { name } }`, {}, secretary);
    expect((await fetch(`${server.url}/meetings/${meetingId}/innkalling.md`, { headers: { authorization: `Bearer ${secretary}` } })).status).toBe(200);
    // A signed link, used twice; the same signature on another path (refused).
    const { resourceLink } = await server.ok(`mutation ($p: String!) { resourceLink(path: $p) { path } }`, { p: `/meetings/${meetingId}/referat.pdf` }, secretary);
    const sig = new URL(resourceLink.path, server.url).searchParams.get('sig')!;
    secrets.push(sig);
    expect((await fetch(`${server.url}${resourceLink.path}`)).status).toBe(200);
    expect((await fetch(`${server.url}/meetings/${meetingId}/referat.md?sig=${sig}`)).status).toBe(401);
    // A calendar feed link.
    const { calendarFeedUrl } = await server.ok(`{ calendarFeedUrl(bodySlug: "radmannsgruppen") }`, {}, secretary);
    secrets.push(new URL(calendarFeedUrl).searchParams.get('feed')!);
    expect((await fetch(calendarFeedUrl)).status).toBe(200);
    // A ticket, used, then used again (refused).
    const { collabTicket } = await server.ok(`mutation ($m: ID!) { collabTicket(meetingId: $m) { ticket } }`, { m: meetingId }, secretary);
    secrets.push(collabTicket.ticket);
    for (const expected of [101, 403]) {
      expect((await rawCollabUpgrade(server.url, minutesDocName(meetingId), null, { query: { ticket: collabTicket.ticket }, listenMs: 50 })).status).toBe(expected);
    }
    // Tokens in URLs, refused; a bad header.
    expect((await fetch(`${server.url}/meetings/${meetingId}/innkalling.pdf?token=${secretary}`)).status).toBe(400);
    expect((await fetch(`${server.url}/calendar/radmannsgruppen.ics?token=${secretary}`)).status).toBe(400);
    expect((await rawCollabUpgrade(server.url, minutesDocName(meetingId), null, { query: { token: secretary }, listenMs: 50 })).status).toBe(403);
    expect((await fetch(`${server.url}/meetings/${meetingId}/innkalling.md`, { headers: { authorization: `Bearer ${secretary}x` } })).status).toBe(401);

    await server.app.live.binding.flush();
    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(50); // trace: the requests and SQL statements are there
    expect(log).toContain('"msg":"http request"');
    expect(log).toContain('?sig=[redacted]');
    expect(log).toContain('?token=[redacted]');
    for (const secret of secrets) {
      expect(log.includes(secret), `a secret of ${secret.length} characters is in the log`).toBe(false);
      expect(log.includes(secret.split('.')[2]!), 'a JWT signature is in the log').toBe(false);
    }
    expect(log.toLowerCase()).not.toContain('bearer ');
  });
});
