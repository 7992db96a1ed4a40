import { Entity, Enum, ManyToOne, type Opt, Property, type Rel, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { DeliveryStatus } from '../cycle-enums.js';
import { BaseEntity } from './base.js';
import { Meeting } from './meeting.js';
import { Person } from './person.js';

/** The innkalling to one recipient: the message, and whether and when it was delivered. One per meeting and person. */
@ObjectType({ simpleResolvers: true, description: 'The innkalling sent (or kept in the outbox) for one recipient' })
@Entity({ tableName: 'notice_delivery' })
@Unique({ properties: ['meeting', 'person'] })
export class NoticeDelivery extends BaseEntity {
  @ManyToOne(() => Meeting)
  meeting!: Rel<Meeting>;

  @ManyToOne(() => Person)
  person!: Rel<Person>;

  @Field(() => String)
  @Property({ type: 'string' })
  email!: string;

  @Field(() => String, { description: 'MEMBER, SUBSTITUTE, …: the recipient\'s role in the body' })
  @Property({ type: 'string' })
  role!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  subject!: string;

  @Field(() => String, { description: 'The message text, with the forfall link' })
  @Property({ type: 'text' })
  text!: string;

  @Field(() => String, { description: 'The calendar invitation (.ics)' })
  @Property({ type: 'text' })
  ics!: string;

  @Field(() => DeliveryStatus)
  @Enum({ items: () => DeliveryStatus, type: 'string' })
  status: Opt<DeliveryStatus> = DeliveryStatus.PENDING;

  @Field(() => Int)
  @Property({ type: 'integer' })
  attempts: Opt<number> = 0;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  lastAttemptAt: Date | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  sentAt: Date | null = null;

  @Field(() => String, { nullable: true, description: 'The SMTP server\'s answer to the last failed attempt' })
  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Field(() => String, { nullable: true, description: 'The Message-ID the SMTP server accepted' })
  @Property({ type: 'string', nullable: true })
  messageId: string | null = null;
}
