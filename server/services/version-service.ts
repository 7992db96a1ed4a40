import * as Y from 'yjs';
import { AgendaItem, Meeting, MinutesVersion } from '../../schema/entities/index.js';
import { VersionReason } from '../../schema/enums.js';
import type { MinutesText } from '../../schema/minutes-text.js';
import { projectMinutes, type MinutesProjection } from '../../schema/ydoc-layout.js';
import { readsVersions } from '../auth/read-policy.js';
import { badInput, notFound } from '../errors.js';
import { audit } from './audit.js';
import type { ServiceContext } from './context.js';
import { assertMayChange } from './guards.js';
import { asId, meetingById } from './lookup.js';

/** Named versions of a meeting's referat, and the texts as of each. */
export class VersionService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Versions are drafts of the referat: for the body's members and secretariat. */
  async list(meetingId: string): Promise<MinutesVersion[]> {
    const meeting = await meetingById(this.ctx.em, meetingId);
    if (!readsVersions(this.ctx.viewer, meeting.body.id)) throw notFound('Meeting', meetingId);
    return this.ctx.em.find(MinutesVersion, { meeting }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  async get(id: string): Promise<MinutesVersion> {
    const v = await this.ctx.em.findOne(MinutesVersion, { id: asId(id) }, { populate: ['meeting'] });
    if (!v || !readsVersions(this.ctx.viewer, v.meeting.body.id)) throw notFound('Version', id);
    return v;
  }

  /** Takes a version on request ("createMinutesVersion"). */
  async create(meetingId: string, label: string): Promise<MinutesVersion> {
    const clean = label.trim();
    if (!clean) throw badInput('The label cannot be empty.', 'label');
    const meeting = await meetingById(this.ctx.em, meetingId);
    assertMayChange(this.ctx.viewer, meeting);
    await this.ctx.sync.versionPoint(meeting.id, VersionReason.MANUAL, clean, this.ctx.viewer.userId);
    const latest = await this.ctx.em.findOne(
      MinutesVersion,
      { meeting: meeting.id, label: clean },
      { orderBy: { createdAt: 'desc' }, populate: ['state'], refresh: true },
    );
    if (!latest) throw new Error('the version was not stored');
    await this.ctx.em.transactional(async (em) => {
      audit(em, this.ctx, { meetingId: meeting.id, entity: 'MinutesVersion', entityId: latest.id, action: 'VERSION_CREATED', summary: clean });
    });
    return latest;
  }

  /** The texts of the referat as of the version, keyed like the live document. */
  async projection(version: MinutesVersion): Promise<MinutesProjection> {
    await this.ctx.em.populate(version, ['state']);
    const doc = new Y.Doc();
    // Blob columns come back as Buffer (PostgreSQL) or ArrayBuffer (libSQL).
    const state: unknown = version.state;
    Y.applyUpdate(doc, state instanceof ArrayBuffer ? new Uint8Array(state) : (state as Uint8Array));
    const projection = projectMinutes(doc);
    doc.destroy();
    return projection;
  }

  /** Every field's text as of the version, in agenda order. */
  async texts(version: MinutesVersion): Promise<MinutesText[]> {
    const em = this.ctx.em;
    const projection = await this.projection(version);
    const meeting = version.meeting instanceof Meeting ? version.meeting : em.getReference(Meeting, version.meeting);
    const items = await em.find(AgendaItem, { meeting }, { orderBy: { position: 'asc' } });
    const order = new Map(items.map((i, n) => [i.id, n]));
    const ids = Object.keys(projection).sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9));
    const numbers = new Map(items.map((i) => [i.id, i.number]));
    return ids.flatMap((id) => {
      const p = projection[id]!;
      const itemNumber = numbers.get(id) ?? null;
      return [
        { agendaItemId: id, itemNumber, subItemLetter: null, notes: p.notes, decision: p.decision },
        ...Object.keys(p.subItems)
          .sort()
          .map((letter) => ({ agendaItemId: id, itemNumber, subItemLetter: letter, ...p.subItems[letter]! })),
      ];
    });
  }
}
