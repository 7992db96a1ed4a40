import { Entity, Enum, ManyToOne, type Opt, Property, type Rel, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { AttendanceRole, AttendanceStatus } from '../enums.js';
import { AgendaItem } from './agenda-item.js';
import { BaseEntity } from './base.js';
import { Meeting } from './meeting.js';
import { Person } from './person.js';

/**
 * One line of the attendance record: til stede, forfall, a substitute ("Steinar Valstad for Trond Julin"),
 * partial presence ("fra sak 25/2017") and the secretariat.
 */
@ObjectType({ simpleResolvers: true, description: 'Attendance of one person at a meeting (til stede / forfall / vara / sekretariatet)' })
@Entity({ tableName: 'attendance' })
@Unique({ properties: ['meeting', 'person'] })
export class Attendance extends BaseEntity {
  @ManyToOne(() => Meeting)
  meeting!: Rel<Meeting>;

  @ManyToOne(() => Person)
  person!: Rel<Person>;

  @Field(() => AttendanceRole)
  @Enum({ items: () => AttendanceRole, type: 'string' })
  role: Opt<AttendanceRole> = AttendanceRole.MEMBER;

  @Field(() => AttendanceStatus)
  @Enum({ items: () => AttendanceStatus, type: 'string' })
  status: Opt<AttendanceStatus> = AttendanceStatus.PRESENT;

  /** The member this person stands in for (møter for). */
  @ManyToOne(() => Person, { nullable: true })
  substituteFor: Rel<Person> | null = null;

  @Field(() => String, { nullable: true, description: 'Municipality represented at this meeting, when it differs from the person\'s own' })
  @Property({ type: 'string', nullable: true })
  representing: string | null = null;

  /** Present from this item on ("fra sak 25/2017"). */
  @ManyToOne(() => AgendaItem, { nullable: true })
  fromItem: Rel<AgendaItem> | null = null;

  /** Present until and including this item ("til og med sak 27/2017"). */
  @ManyToOne(() => AgendaItem, { nullable: true })
  untilItem: Rel<AgendaItem> | null = null;

  @Field(() => Int, { description: 'Order in the attendance list' })
  @Property({ type: 'integer' })
  position: Opt<number> = 0;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  note: string | null = null;
}
