import { Disqualification, ItemReference, ProtocolEntry } from '../../schema/entities/index.js';
import { ReferenceKind } from '../../schema/enums.js';
import type { AddItemReferenceInput, AddProtocolEntryInput, DeclareDisqualificationInput } from '../../schema/inputs/index.js';
import { badInput, conflict, notFound } from '../errors.js';
import { Topic } from '../pubsub.js';
import type { ServiceContext } from './context.js';
import { assertMayChange } from './guards.js';
import { asId, itemById, meetingById, personById } from './lookup.js';

/** What the law asks the møtebok to record beyond text: inhabilitet, protokolltilførsler, and references (jf.). */
export class RecordService {
  constructor(private readonly ctx: ServiceContext) {}

  async declareDisqualification(input: DeclareDisqualificationInput): Promise<Disqualification> {
    const legalBasis = input.legalBasis.trim();
    if (!legalBasis) throw badInput('The legal basis cannot be empty.', 'legalBasis');
    const d = await this.ctx.em.transactional(async (em) => {
      const item = await itemById(em, input.agendaItemId);
      assertMayChange(this.ctx.viewer, item.meeting);
      const person = await personById(em, input.personId);
      if (await em.count(Disqualification, { agendaItem: item, person })) {
        throw conflict(`${person.name} is already recorded as disqualified for ${item.number}.`);
      }
      return em.create(Disqualification, { agendaItem: item, person, legalBasis, reason: input.reason?.trim() || null });
    });
    this.changed(d.agendaItem.meeting.id, 'DISQUALIFICATION_DECLARED', d.agendaItem.id);
    return d;
  }

  async removeDisqualification(id: string): Promise<boolean> {
    return this.removeFrom(Disqualification, id, 'Disqualification');
  }

  async addProtocolEntry(input: AddProtocolEntryInput): Promise<ProtocolEntry> {
    const text = input.text.trim();
    if (!text) throw badInput('The text cannot be empty.', 'text');
    const e = await this.ctx.em.transactional(async (em) => {
      const item = await itemById(em, input.agendaItemId);
      assertMayChange(this.ctx.viewer, item.meeting);
      const person = input.personId ? await personById(em, input.personId) : null;
      const position = (await em.count(ProtocolEntry, { agendaItem: item })) + 1;
      return em.create(ProtocolEntry, { agendaItem: item, person, text, position });
    });
    this.changed(e.agendaItem.meeting.id, 'PROTOCOL_ENTRY_ADDED', e.agendaItem.id);
    return e;
  }

  async removeProtocolEntry(id: string): Promise<boolean> {
    return this.removeFrom(ProtocolEntry, id, 'Protocol entry');
  }

  async addReference(input: AddItemReferenceInput): Promise<ItemReference> {
    const citation = input.citation.trim();
    if (!citation) throw badInput('The citation cannot be empty.', 'citation');
    const r = await this.ctx.em.transactional(async (em) => {
      const item = await itemById(em, input.agendaItemId);
      assertMayChange(this.ctx.viewer, item.meeting);
      const meeting = input.meetingId ? await meetingById(em, input.meetingId) : null;
      const referenced = input.referencedItemId ? await itemById(em, input.referencedItemId) : null;
      if (input.kind === ReferenceKind.MEETING && !meeting) throw badInput('A meeting reference needs meetingId.', 'meetingId');
      if (input.kind === ReferenceKind.AGENDA_ITEM && !referenced) {
        throw badInput('An item reference needs referencedItemId.', 'referencedItemId');
      }
      return em.create(ItemReference, { agendaItem: item, kind: input.kind, citation, meeting, item: referenced });
    });
    this.changed(r.agendaItem.meeting.id, 'REFERENCE_ADDED', r.agendaItem.id);
    return r;
  }

  async removeReference(id: string): Promise<boolean> {
    return this.removeFrom(ItemReference, id, 'Reference');
  }

  private async removeFrom(
    entity: typeof Disqualification | typeof ProtocolEntry | typeof ItemReference,
    id: string,
    what: string,
  ): Promise<boolean> {
    const { meetingId, itemId } = await this.ctx.em.transactional(async (em) => {
      const row = await em.findOne(entity, { id: asId(id) }, { populate: ['agendaItem.meeting.body'] as never });
      if (!row) throw notFound(what, id);
      assertMayChange(this.ctx.viewer, row.agendaItem.meeting);
      em.remove(row);
      return { meetingId: row.agendaItem.meeting.id, itemId: row.agendaItem.id };
    });
    this.changed(meetingId, `${what.toUpperCase().replace(/ /g, '_')}_REMOVED`, itemId);
    return true;
  }

  private changed(meetingId: string, kind: string, agendaItemId: string): void {
    this.ctx.events.publish(Topic.AgendaChanged, meetingId, { meetingId, kind, agendaItemId, at: new Date() });
  }
}
