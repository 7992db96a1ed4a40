/**
 * Sending the innkalling (issue 16, acceptance 2 and 3), against a real SMTP server (the smtp-server package) started
 * here: one message per member and substitute with the PDF and a valid .ics; a failing server gives recorded failures
 * and a later retry succeeds; nothing is sent twice; a forfall through the reply link reaches the attendance and the
 * referat. Without SMTP_URL the messages are kept in the outbox.
 */
import type { AddressInfo } from 'node:net';
import ICAL from 'ical.js';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { dbKinds } from '../helpers/databases.js';
import { expectCode } from '../helpers/graphql.js';

interface Smtp {
  port: number;
  received: ParsedMail[];
  failing: boolean;
  close(): Promise<void>;
}

/** A real SMTP server on an ephemeral port; while `failing`, it refuses every recipient with 451. */
async function startSmtp(): Promise<Smtp> {
  const state = { received: [] as ParsedMail[], failing: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (!state.failing) return callback();
      const err = new Error('451 4.3.0 Mailbox temporarily unavailable') as Error & { responseCode: number };
      err.responseCode = 451;
      callback(err);
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        state.received.push(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return Object.assign(state, { port, close: () => new Promise<void>((r) => server.close(() => r())) }) as Smtp;
}

const RECIPIENTS = `query ($slug: String!) { body(slug: $slug) { id memberships { role person { id name } } } }`;
const DELIVERIES = `query ($m: ID!) { noticeDeliveries(meetingId: $m) { email role status attempts sentAt lastError subject text ics person { name } } }`;

/** Gives every member and substitute of Rådmannsgruppen an address; returns them by address. */
async function addressesOf(server: TestServer): Promise<{ bodyId: string; people: Map<string, { name: string; role: string }> }> {
  const { body } = await server.ok(RECIPIENTS, { slug: 'radmannsgruppen' });
  const people = new Map<string, { name: string; role: string }>();
  for (const m of body.memberships as Array<{ role: string; person: { id: string; name: string } }>) {
    if (m.role === 'SECRETARIAT') continue;
    const email = `p${people.size + 1}@kommune.example`;
    await server.ok(`mutation ($id: ID!, $n: String!, $e: String!) { updatePerson(id: $id, input: { name: $n, email: $e }) { id } }`, { id: m.person.id, n: m.person.name, e: email });
    people.set(email, { name: m.person.name, role: m.role });
  }
  return { bodyId: body.id, people };
}

describe.each(dbKinds())('the innkalling by e-mail (%s)', (kind) => {
  let smtp: Smtp;
  let server: TestServer;

  beforeAll(async () => {
    smtp = await startSmtp();
    server = await startTestServer(kind, { env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'Sekretariatet <post@vestregionen.example>' } });
  });

  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  it('failures are recorded, a retry delivers one message to each member and substitute, nothing twice, and forfall reaches the referat', async () => {
    const { bodyId, people } = await addressesOf(server);
    expect([...people.values()].map((p) => p.role)).toContain('DEPUTY');
    const { createMeeting: m } = await server.ok(
      `mutation ($b: ID!) { createMeeting(input: { bodyId: $b, startsAt: "2017-10-12T07:00:00.000Z", endsAt: "2017-10-12T10:00:00.000Z", location: "Drammen rådhus" }) { id } }`,
      { b: bodyId },
    );

    // The server refuses: every delivery is recorded as failed, with its answer.
    smtp.failing = true;
    await server.ok(`mutation ($m: ID!) { sendNotice(meetingId: $m) { status } }`, { m: m.id });
    const failed = (await server.ok(DELIVERIES, { m: m.id })).noticeDeliveries;
    expect(failed).toHaveLength(people.size);
    for (const d of failed) expect(d).toMatchObject({ status: 'FAILED', attempts: 1, sentAt: null });
    expect(failed[0].lastError).toContain('451');
    expect(smtp.received).toHaveLength(0);

    // The server is back: a retry sends each message once.
    smtp.failing = false;
    const retried = (await server.ok(`mutation ($m: ID!) { retryNoticeDeliveries(meetingId: $m) { status attempts sentAt } }`, { m: m.id })).retryNoticeDeliveries;
    for (const d of retried) expect(d).toMatchObject({ status: 'SENT', attempts: 2 });
    expect(smtp.received).toHaveLength(people.size);
    const to = smtp.received.map((mail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)!.value[0]!.address!).sort();
    expect(to).toEqual([...people.keys()].sort());

    for (const mail of smtp.received) {
      const address = (Array.isArray(mail.to) ? mail.to[0] : mail.to)!.value[0]!.address!;
      expect(mail.subject).toBe('Innkalling til møte i Rådmannsgruppen 12.10.2017');
      expect(mail.text).toContain(`Til ${people.get(address)!.name}`);
      const pdf = mail.attachments.filter((a) => a.contentType === 'application/pdf');
      expect(pdf).toHaveLength(1);
      expect(pdf[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
      const ics = mail.attachments.find((a) => a.contentType.startsWith('text/calendar') || a.contentType === 'application/ics');
      expect(ics, 'an .ics invitation').toBeDefined();
      const cal = new ICAL.Component(ICAL.parse(ics!.content.toString('utf8')));
      expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
      const event = new ICAL.Event(cal.getFirstSubcomponent('vevent')!);
      expect(event.startDate.toJSDate().toISOString()).toBe('2017-10-12T07:00:00.000Z');
      expect(event.endDate.toJSDate().toISOString()).toBe('2017-10-12T10:00:00.000Z');
      expect(event.location).toBe('Drammen rådhus');
      expect(event.attendees.map((a) => String(a.getFirstValue()).toLowerCase())).toEqual([`mailto:${address}`]);
    }

    // Nothing is sent twice: another retry, and another sendNotice, send nothing.
    await server.ok(`mutation ($m: ID!) { retryNoticeDeliveries(meetingId: $m) { status } }`, { m: m.id });
    expectCode(await server.gql(`mutation ($m: ID!) { sendNotice(meetingId: $m) { id } }`, { m: m.id }), 'INVALID_STATE');
    expect(smtp.received).toHaveLength(people.size);

    // Forfall through the link in a member's message: a form, then the attendance and the referat's "Forfall".
    const [address, member] = [...people.entries()].find(([, p]) => p.role === 'MEMBER')!;
    const mail = smtp.received.find((x) => (Array.isArray(x.to) ? x.to[0] : x.to)!.value[0]!.address === address)!;
    const link = /Meld forfall her: (\S+)/.exec(mail.text!)![1]!;
    expect(link.startsWith(`${server.url}/forfall/`)).toBe(true);
    const form = await fetch(link);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('<form method="post">');
    const posted = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'note=Syk' });
    expect(posted.status).toBe(200);
    const { meeting } = await server.ok(`query ($m: ID!) { meeting(id: $m) { attendance { status note person { name } } } }`, { m: m.id });
    expect(meeting.attendance).toContainEqual({ status: 'ABSENT_WITH_NOTICE', note: 'Syk', person: { name: member.name } });
    const referat = await (await fetch(`${server.url}/meetings/${m.id}/referat.md`, { headers: { authorization: `Bearer ${server.adminToken}` } })).text();
    expect(referat).toMatch(new RegExp(`\\*\\*Forfall:\\*\\*[^\\n]*${member.name}`));

    // A forged or altered token changes nothing.
    expectCode(await server.gql(`mutation ($t: String!) { replyAbsence(token: $t) }`, { t: `${link.split('/').pop()!}x` }, 'public'), 'BAD_USER_INPUT');
    expect((await fetch(`${server.url}/forfall/not-a-token`, { method: 'POST' })).status).toBe(400);
  });
});

describe.each(dbKinds())('the innkalling without SMTP_URL: the outbox (%s)', (kind) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(kind);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('keeps every message for the secretariat, and shows it to nobody else', async () => {
    const { bodyId, people } = await addressesOf(server);
    const { createMeeting: m } = await server.ok(`mutation ($b: ID!) { createMeeting(input: { bodyId: $b, startsAt: "2017-10-12T07:00:00.000Z" }) { id } }`, { b: bodyId });
    await server.ok(`mutation ($m: ID!) { sendNotice(meetingId: $m) { status } }`, { m: m.id });
    const secretary = await server.tokenFor('SECRETARY');
    const outbox = (await server.ok(DELIVERIES, { m: m.id }, secretary)).noticeDeliveries;
    expect(outbox.map((d: { email: string }) => d.email).sort()).toEqual([...people.keys()].sort());
    for (const d of outbox) {
      expect(d).toMatchObject({ status: 'OUTBOX', attempts: 1, sentAt: null });
      expect(d.text).toContain('/forfall/');
      expect(d.ics).toContain('BEGIN:VEVENT');
    }
    expectCode(await server.gql(DELIVERIES, { m: m.id }, await server.tokenFor('MEMBER')), 'NOT_FOUND');
    expectCode(await server.gql(DELIVERIES, { m: m.id }, 'public'), 'NOT_FOUND');
    // Retrying keeps them in the outbox; nothing is added.
    await server.ok(`mutation ($m: ID!) { retryNoticeDeliveries(meetingId: $m) { id } }`, { m: m.id });
    expect((await server.ok(DELIVERIES, { m: m.id })).noticeDeliveries).toHaveLength(outbox.length);
  });
});
