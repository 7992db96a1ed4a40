import { Entity, Index, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';

/** One change to a meeting's records: who, when, what. Written in the same transaction as the change. */
@ObjectType({ simpleResolvers: true, description: 'An entry of the audit trail: who changed what and when' })
@Entity({ tableName: 'audit_entry' })
@Index({ properties: ['meetingId', 'at'] })
export class AuditEntry {
  @Field(() => ID)
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Field(() => Date)
  @Property({ type: 'datetime' })
  at: Opt<Date> = new Date();

  @Field(() => ID, { nullable: true, description: 'The user who made the change; null for the system' })
  @Property({ type: 'uuid', nullable: true })
  userId: string | null = null;

  @Field(() => ID, { nullable: true, description: 'The meeting changed; null for records of a body that belong to no meeting yet (a waiting sak)' })
  @Property({ type: 'uuid', nullable: true })
  meetingId: string | null = null;

  @Field(() => String, { description: 'What was changed: Meeting, AgendaItem, SubItem, Attendance, Attachment, …' })
  @Property({ type: 'string' })
  entity!: string;

  @Field(() => ID)
  @Property({ type: 'string' })
  entityId!: string;

  @Field(() => String, { description: 'E.g. ITEM_ADDED, TEXT_SET, DECISION_ADOPTED, ATTENDANCE_SET, MINUTES_APPROVED' })
  @Property({ type: 'string' })
  action!: string;

  @Field(() => String, { nullable: true, description: 'A short human-readable description, e.g. "26/2017 B vedtak"' })
  @Property({ type: 'text', nullable: true })
  summary: string | null = null;

  @Field(() => String, { nullable: true, description: '"live" for edits made in the live referat, else "api"' })
  @Property({ type: 'string', nullable: true })
  via: string | null = null;
}
