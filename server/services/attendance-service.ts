import { Attendance } from '../../schema/entities/index.js';
import { AttendanceRole, AttendanceStatus } from '../../schema/enums.js';
import type { SetAttendanceInput } from '../../schema/inputs/index.js';
import { badInput, notFound } from '../errors.js';
import { Topic } from '../pubsub.js';
import { audit } from './audit.js';
import type { ServiceContext } from './context.js';
import { assertMayChange } from './guards.js';
import { asId, itemById, meetingById, personById } from './lookup.js';

/** Who was there: til stede, forfall, substitutes, partial presence and the secretariat. */
export class AttendanceService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Records one person's attendance, replacing an earlier record of the same person at that meeting. */
  async set(input: SetAttendanceInput): Promise<Attendance> {
    let added = false;
    const row = await this.ctx.em.transactional(async (em) => {
      const meeting = await meetingById(em, input.meetingId);
      assertMayChange(this.ctx.viewer, meeting);
      const person = await personById(em, input.personId);
      const substituteFor = input.substituteForId ? await personById(em, input.substituteForId) : null;
      if (substituteFor === person) throw badInput('A person cannot stand in for themself.', 'substituteForId');
      const itemOfMeeting = async (id: string | null | undefined, field: string) => {
        if (!id) return null;
        const item = await itemById(em, id);
        if (item.meeting !== meeting) throw badInput(`Item ${item.number} is not on this meeting's agenda.`, field);
        return item;
      };
      const fromItem = await itemOfMeeting(input.fromItemId, 'fromItemId');
      const untilItem = await itemOfMeeting(input.untilItemId, 'untilItemId');
      if (fromItem && untilItem && untilItem.position < fromItem.position) {
        throw badInput(`Present until ${untilItem.number} cannot come before present from ${fromItem.number}.`, 'untilItemId');
      }
      const status = input.status ?? AttendanceStatus.PRESENT;
      if (status !== AttendanceStatus.PRESENT && (fromItem || untilItem)) {
        throw badInput('Only someone present can be present from or until an item.', 'status');
      }
      let row = await em.findOne(Attendance, { meeting, person });
      added = !row;
      if (!row) {
        const last = await em.findOne(Attendance, { meeting }, { orderBy: { position: 'desc' } });
        row = em.create(Attendance, { meeting, person, position: (last?.position ?? 0) + 1 });
      }
      row.role = input.role ?? (substituteFor ? AttendanceRole.SUBSTITUTE : AttendanceRole.MEMBER);
      row.status = status;
      row.substituteFor = substituteFor;
      if (input.representing !== undefined) row.representing = input.representing?.trim() || null;
      row.fromItem = fromItem;
      row.untilItem = untilItem;
      if (input.note !== undefined) row.note = input.note?.trim() || null;
      audit(em, this.ctx, { meetingId: meeting.id, entity: 'Attendance', entityId: row.id, action: 'ATTENDANCE_SET', summary: `${person.name}: ${status}${substituteFor ? ` for ${substituteFor.name}` : ''}` });
      return row;
    });
    this.publish(row.meeting.id, added ? 'ADDED' : 'UPDATED', row.id);
    return row;
  }

  async remove(id: string): Promise<boolean> {
    const meetingId = await this.ctx.em.transactional(async (em) => {
      const row = await em.findOne(Attendance, { id: asId(id) }, { populate: ['meeting', 'meeting.body'] });
      if (!row) throw notFound('Attendance record', id);
      assertMayChange(this.ctx.viewer, row.meeting);
      audit(em, this.ctx, { meetingId: row.meeting.id, entity: 'Attendance', entityId: row.id, action: 'ATTENDANCE_REMOVED' });
      em.remove(row);
      return row.meeting.id;
    });
    this.publish(meetingId, 'REMOVED', id);
    return true;
  }

  private publish(meetingId: string, kind: string, attendanceId: string): void {
    this.ctx.events.publish(Topic.AttendanceChanged, meetingId, { meetingId, kind, attendanceId, at: new Date() });
  }
}
