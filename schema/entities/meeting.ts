import { Collection, Embedded, Entity, Enum, Index, ManyToOne, OneToMany, type Opt, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { MeetingStatus } from '../enums.js';
import { BaseEntity } from './base.js';
import { Body } from './body.js';
import { Decision } from './decision.js';
import type { AgendaItem } from './agenda-item.js';
import type { Attachment } from './attachment.js';
import type { Attendance } from './attendance.js';

/** A meeting (møte) of a body: planned time and place from the innkalling, actual ones from the referat. */
@ObjectType({ simpleResolvers: true, description: 'A meeting (møte) of a body' })
@Entity({ tableName: 'meeting' })
// The order of meetingsConnection (startsAt, then id, newest first): a page is read off the index, per body or in all.
@Index({ properties: ['body', 'startsAt', 'id'] })
@Index({ properties: ['startsAt', 'id'] })
export class Meeting extends BaseEntity {
  @ManyToOne(() => Body)
  body!: Rel<Body>;

  @Field(() => String, { nullable: true, description: 'Optional title; defaults to "Møte i <body>"' })
  @Property({ type: 'string', nullable: true })
  title: string | null = null;

  @Field(() => Date, { description: 'Planned start (innkalling)' })
  @Property({ type: 'datetime' })
  startsAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Planned end (innkalling)' })
  @Property({ type: 'datetime', nullable: true })
  endsAt: Date | null = null;

  @Field(() => String, { nullable: true, description: 'Planned place and room (sted), e.g. "Rådhuset i Drammen, møterom Åssiden/Konnerud"' })
  @Property({ type: 'string', nullable: true })
  location: string | null = null;

  @Field(() => Date, { nullable: true, description: 'Actual start (referat)' })
  @Property({ type: 'datetime', nullable: true })
  actualStartsAt: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'Actual end (referat)' })
  @Property({ type: 'datetime', nullable: true })
  actualEndsAt: Date | null = null;

  @Field(() => String, { nullable: true, description: 'Actual place (referat), e.g. "Drammen rådhus"' })
  @Property({ type: 'string', nullable: true })
  actualLocation: string | null = null;

  @Field(() => Boolean, { description: 'Held as a remote meeting (fjernmøte, kommuneloven § 11-7)' })
  @Property({ type: 'boolean' })
  remote: Opt<boolean> = false;

  @Field(() => MeetingStatus)
  @Enum({ items: () => MeetingStatus, type: 'string' })
  status: Opt<MeetingStatus> = MeetingStatus.PLANNED;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  noticeSentAt: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'When the referat was approved and locked' })
  @Property({ type: 'datetime', nullable: true })
  minutesApprovedAt: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'When the meeting was cancelled (avlyst); a cancelled meeting stays in the plan, marked' })
  @Property({ type: 'datetime', nullable: true })
  cancelledAt: Date | null = null;

  @Field(() => String, { nullable: true, description: 'Why the meeting was cancelled' })
  @Property({ type: 'text', nullable: true })
  cancellationReason: string | null = null;

  @Field(() => Date, { nullable: true, description: 'The start first planned, when the meeting has been moved (flyttet)' })
  @Property({ type: 'datetime', nullable: true })
  movedFrom: Date | null = null;

  @Field(() => Decision, { nullable: true, description: 'Decision on "Godkjenning av innkalling og dagsorden"' })
  @Embedded(() => Decision, { nullable: true, prefix: 'notice_approval_' })
  noticeApproval: Decision | null = null;

  @OneToMany('AgendaItem', 'meeting')
  agendaItems = new Collection<Rel<AgendaItem>>(this);

  @OneToMany('Attachment', 'meeting')
  attachments = new Collection<Rel<Attachment>>(this);

  @OneToMany('Attendance', 'meeting')
  attendance = new Collection<Rel<Attendance>>(this);
}
