import { Attendance, Membership, NoticeDelivery } from '../../schema/entities/index.js';
import { DeliveryStatus } from '../../schema/cycle-enums.js';
import { AttendanceRole, AttendanceStatus, MembershipRole } from '../../schema/enums.js';
import { assertCanWrite } from '../auth/policies.js';
import { readsOutbox } from '../auth/read-policy.js';
import { gatherDocument } from '../documents/gather-document.js';
import { osloParts } from '../documents/norwegian-dates.js';
import { renderPdf } from '../documents/renderers.js';
import { badInput, invalidState, notFound } from '../errors.js';
import { innkallingIcs, innkallingText } from '../mail/innkalling-message.js';
import { Topic } from '../pubsub.js';
import { audit } from './audit.js';
import type { NoticeDeps, ServiceContext } from './context.js';
import { assertMinutesEditable, assertNotCancelled, meetingLabel } from './guards.js';
import { asId, meetingById } from './lookup.js';

/** Who gets the innkalling: members, the leader and named substitutes (vara) — not the secretariat. */
const RECIPIENT_ROLES = [MembershipRole.MEMBER, MembershipRole.LEADER, MembershipRole.DEPUTY];

/**
 * Sending the innkalling: one message per recipient (text with a forfall link, the innkalling as PDF, an .ics
 * invitation), each delivery recorded; over SMTP when SMTP_URL is set, else kept in the outbox. A delivery is claimed
 * before it is sent, so that no message goes out twice; failed ones are sent again by `retry`.
 */
export class NoticeService {
  constructor(private readonly ctx: ServiceContext) {}

  /** After the notice is sent: a delivery for every recipient who has none yet, then delivering what is due. */
  async send(meetingId: string): Promise<NoticeDelivery[]> {
    const deps = this.ctx.notices;
    if (!deps) return [];
    await this.prepare(meetingId, deps);
    await this.deliver(meetingId, deps);
    return this.list(meetingId);
  }

  /** Sends the deliveries that failed (or were never tried) again. */
  async retry(meetingId: string): Promise<NoticeDelivery[]> {
    const meeting = await meetingById(this.ctx.em, meetingId);
    assertCanWrite(this.ctx.viewer, meeting.body.id, meeting.body.name);
    if (!meeting.noticeSentAt) throw invalidState(`The notice for ${meetingLabel(meeting)} has not been sent.`);
    return this.send(meetingId);
  }

  async list(meetingId: string): Promise<NoticeDelivery[]> {
    const meeting = await meetingById(this.ctx.em, meetingId);
    if (!readsOutbox(this.ctx.viewer, meeting.body.id)) throw notFound('Notice deliveries of meeting', meetingId);
    return this.ctx.em.fork().find(NoticeDelivery, { meeting: meeting.id }, { orderBy: { email: 'asc' } });
  }

  /** Records forfall for the recipient of a reply link (or of the same token through the API). */
  async replyAbsence(token: string, note: string | null | undefined): Promise<boolean> {
    const deliveryId = this.ctx.notices ? await this.ctx.notices.links.verify(token) : null;
    if (!deliveryId) throw badInput('The link is not valid (or has expired).', 'token');
    const row = await this.ctx.em.transactional(async (em) => {
      const d = await em.findOne(NoticeDelivery, { id: asId(deliveryId) }, { populate: ['meeting', 'meeting.body', 'person'] });
      if (!d) throw notFound('Innkalling', deliveryId);
      assertMinutesEditable(d.meeting);
      assertNotCancelled(d.meeting);
      if (d.meeting.actualStartsAt) throw invalidState(`${meetingLabel(d.meeting)} has been held.`);
      let row = await em.findOne(Attendance, { meeting: d.meeting, person: d.person });
      if (!row) {
        const last = await em.findOne(Attendance, { meeting: d.meeting }, { orderBy: { position: 'desc' } });
        row = em.create(Attendance, { meeting: d.meeting, person: d.person, position: (last?.position ?? 0) + 1 });
        row.role = d.role === MembershipRole.DEPUTY ? AttendanceRole.SUBSTITUTE : AttendanceRole.MEMBER;
      }
      row.status = AttendanceStatus.ABSENT_WITH_NOTICE;
      if (note?.trim()) row.note = note.trim().slice(0, 1000);
      audit(em, this.ctx, { meetingId: d.meeting.id, entity: 'Attendance', entityId: row.id, action: 'FORFALL_REPLIED', summary: d.person.name });
      return row;
    });
    this.ctx.events.publish(Topic.AttendanceChanged, row.meeting.id, { meetingId: row.meeting.id, kind: 'UPDATED', attendanceId: row.id, at: new Date() });
    return true;
  }

  private async prepare(meetingId: string, deps: NoticeDeps): Promise<void> {
    await this.ctx.em.transactional(async (em) => {
      const meeting = await meetingById(em, meetingId);
      const p = osloParts(meeting.startsAt);
      const day = `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
      const seats = await em.find(
        Membership,
        { body: meeting.body, role: { $in: RECIPIENT_ROLES }, $and: [{ $or: [{ validFrom: null }, { validFrom: { $lte: day } }] }, { $or: [{ validTo: null }, { validTo: { $gte: day } }] }] },
        { populate: ['person'], orderBy: { role: 'asc' } },
      );
      const have = new Set((await em.find(NoticeDelivery, { meeting })).map((d) => d.person.id));
      const doc = await gatherDocument(em, meeting.id, 'innkalling');
      for (const seat of seats) {
        const person = seat.person;
        if (!person.email || have.has(person.id)) continue;
        have.add(person.id);
        const d = em.create(NoticeDelivery, { meeting, person, email: person.email, role: seat.role, subject: '', text: '', ics: '' });
        const replyUrl = `${deps.publicUrl()}/forfall/${await deps.links.issue(d.id, meeting.startsAt)}`;
        const facts = { meetingId: meeting.id, bodyName: meeting.body.name, startsAt: meeting.startsAt, endsAt: meeting.endsAt, location: meeting.location, from: deps.from, recipient: { name: person.name, email: person.email }, replyUrl };
        Object.assign(d, innkallingText(facts, doc), { ics: innkallingIcs(facts) });
        audit(em, this.ctx, { meetingId: meeting.id, entity: 'NoticeDelivery', entityId: d.id, action: 'NOTICE_PREPARED', summary: `${person.name} <${person.email}>` });
      }
    });
  }

  private async deliver(meetingId: string, deps: NoticeDeps): Promise<void> {
    const em = this.ctx.em.fork();
    // Due: not tried, failed, or left SENDING by a process that stopped mid-way (10 minutes ago).
    const stale = new Date(Date.now() - 10 * 60_000);
    const due = await em.find(
      NoticeDelivery,
      { meeting: meetingId, $or: [{ status: { $in: [DeliveryStatus.PENDING, DeliveryStatus.FAILED] } }, { status: DeliveryStatus.SENDING, lastAttemptAt: { $lt: stale } }] },
      { populate: ['person'] },
    );
    if (!due.length) return;
    let pdf: Buffer | null = null;
    const fileName = `innkalling-${meetingId.slice(0, 8)}.pdf`;
    for (const d of due) {
      // Claim it: only one sender can move this row on from this attempt number.
      const claimed = await em.nativeUpdate(
        NoticeDelivery,
        { id: d.id, attempts: d.attempts, status: d.status },
        { attempts: d.attempts + 1, lastAttemptAt: new Date(), status: deps.mailer ? DeliveryStatus.SENDING : DeliveryStatus.OUTBOX },
      );
      if (claimed !== 1 || !deps.mailer) continue;
      pdf ??= await renderPdf(await gatherDocument(em, meetingId, 'innkalling'));
      try {
        const { messageId } = await deps.mailer.send({
          to: { name: d.person.name, address: d.email },
          subject: d.subject,
          text: d.text,
          ics: d.ics,
          attachments: [{ filename: fileName, content: pdf, contentType: 'application/pdf' }],
        });
        await em.nativeUpdate(NoticeDelivery, { id: d.id }, { status: DeliveryStatus.SENT, sentAt: new Date(), messageId, lastError: null });
      } catch (err) {
        await em.nativeUpdate(NoticeDelivery, { id: d.id }, { status: DeliveryStatus.FAILED, lastError: (err as Error).message.slice(0, 2000) });
      }
    }
  }
}
