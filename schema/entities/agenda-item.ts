import { Collection, Embedded, Entity, Enum, ManyToMany, ManyToOne, OneToMany, type Opt, Property, type Rel, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { AgendaItemKind } from '../enums.js';
import { Attachment } from './attachment.js';
import { BaseEntity } from './base.js';
import { Body } from './body.js';
import { Decision, ProposedDecision } from './decision.js';
import { Meeting } from './meeting.js';
import { formatItemNumber } from '../item-number.js';
import type { Disqualification } from './disqualification.js';
import type { ItemReference } from './item-reference.js';
import type { ProtocolEntry } from './protocol-entry.js';
import type { SubItem } from './sub-item.js';

/** A sak on the agenda, numbered per body and year ("Sak 21/2017"). */
@ObjectType({ simpleResolvers: true, description: 'An agenda item (sak), numbered per body and year, e.g. "21/2017"' })
@Entity({ tableName: 'agenda_item' })
@Unique({ properties: ['body', 'year', 'sequence', 'numberSuffix'] })
export class AgendaItem extends BaseEntity {
  @ManyToOne(() => Meeting)
  meeting!: Rel<Meeting>;

  /** Denormalised from the meeting so that numbers are unique per body and year in the database. */
  @ManyToOne(() => Body)
  body!: Rel<Body>;

  @Field(() => Int, { description: 'Year of the number (the meeting year)' })
  @Property({ type: 'integer' })
  year!: number;

  @Field(() => Int, { description: 'Sequence within body and year: 21 in "21/2017"' })
  @Property({ type: 'integer' })
  sequence!: number;

  /** The number as documents print it: "21/2017", "06/2017", "24a/2017". */
  @Field(() => String, { description: 'The number as printed, e.g. "21/2017"' })
  get number(): Opt<string> {
    return formatItemNumber(this.sequence, this.year, this.numberSuffix);
  }

  /** Letter after the sequence for items inserted late in older documents ("24a/2017"); usually empty. */
  @Property({ type: 'string', length: 4 })
  numberSuffix: Opt<string> = '';

  @Field(() => Int, { description: 'Position on the agenda, from 1' })
  @Property({ type: 'integer' })
  position!: number;

  @Field(() => AgendaItemKind)
  @Enum({ items: () => AgendaItemKind, type: 'string' })
  kind: Opt<AgendaItemKind> = AgendaItemKind.DECISION;

  @Field(() => String)
  @Property({ type: 'text' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Introduction from the innkalling ("Til behandling foreligger …")' })
  @Property({ type: 'text', nullable: true })
  introduction: string | null = null;

  @Field(() => String, { nullable: true, description: 'What was reported or discussed (referat)' })
  @Property({ type: 'text', nullable: true })
  notes: string | null = null;

  @Field(() => ProposedDecision, { nullable: true, description: 'Forslag til vedtak' })
  @Embedded(() => ProposedDecision, { nullable: true, prefix: 'proposed_' })
  proposedDecision: ProposedDecision | null = null;

  @Field(() => Decision, { nullable: true, description: 'Vedtak' })
  @Embedded(() => Decision, { nullable: true, prefix: 'decision_' })
  decision: Decision | null = null;

  @Field(() => Boolean, { description: 'False for items handled behind closed doors (lukket møte, kommuneloven § 11-5)' })
  @Property({ type: 'boolean' })
  public: Opt<boolean> = true;

  @Field(() => String, { nullable: true, description: 'Legal basis (hjemmel) for closing the meeting for this item' })
  @Property({ type: 'string', nullable: true })
  closedLegalBasis: string | null = null;

  @Field(() => String, { nullable: true, description: 'Title shown in the public register when the item is not public' })
  @Property({ type: 'text', nullable: true })
  publicTitle: string | null = null;

  @Field(() => String, { nullable: true, description: 'Case number in the archive (arkivsaksnummer), e.g. "17/1234"' })
  @Property({ type: 'string', nullable: true })
  archiveCaseNumber: string | null = null;

  /** For a "godkjenning av referat" item: the meeting whose minutes adopting this item's decision approves. */
  @ManyToOne(() => Meeting, { nullable: true })
  approvesMinutesOf: Rel<Meeting> | null = null;

  @ManyToMany(() => Attachment, undefined, { owner: true, pivotTable: 'agenda_item_attachment' })
  attachments = new Collection<Rel<Attachment>>(this);

  @OneToMany('SubItem', 'agendaItem')
  subItems = new Collection<Rel<SubItem>>(this);

  @OneToMany('ItemReference', 'agendaItem')
  references = new Collection<Rel<ItemReference>>(this);

  @OneToMany('Disqualification', 'agendaItem')
  disqualifications = new Collection<Rel<Disqualification>>(this);

  @OneToMany('ProtocolEntry', 'agendaItem')
  protocolEntries = new Collection<Rel<ProtocolEntry>>(this);
}
