import { Entity, Enum, Index, ManyToOne, type Opt, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { PendingCaseStatus } from '../cycle-enums.js';
import { AgendaItem } from './agenda-item.js';
import { BaseEntity } from './base.js';
import { Body } from './body.js';

/** A sak registered before any meeting (venter på møte), later put on a meeting's agenda, keeping its history. */
@ObjectType({ simpleResolvers: true, description: 'A sak waiting for a meeting of its body, or the record of one placed on an agenda' })
@Entity({ tableName: 'pending_case' })
@Index({ properties: ['body', 'status'] })
export class PendingCase extends BaseEntity {
  @ManyToOne(() => Body)
  body!: Rel<Body>;

  @Field(() => String)
  @Property({ type: 'text' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Background (saksframstilling): becomes the item\'s introduction' })
  @Property({ type: 'text', nullable: true })
  background: string | null = null;

  @Field(() => String, { nullable: true, description: 'Forslag til vedtak' })
  @Property({ type: 'text', nullable: true })
  proposedDecision: string | null = null;

  @Field(() => String, { nullable: true, description: 'Arkivsaksnummer, e.g. "17/1234"' })
  @Property({ type: 'string', nullable: true })
  archiveCaseNumber: string | null = null;

  @Field(() => PendingCaseStatus)
  @Enum({ items: () => PendingCaseStatus, type: 'string' })
  status: Opt<PendingCaseStatus> = PendingCaseStatus.WAITING;

  /** The agenda item it became. */
  @ManyToOne(() => AgendaItem, { nullable: true })
  agendaItem: Rel<AgendaItem> | null = null;

  @Field(() => Date, { nullable: true, description: 'When it was put on an agenda' })
  @Property({ type: 'datetime', nullable: true })
  placedAt: Date | null = null;
}
