import { Field, ID, ObjectType } from 'type-graphql';
import { MinutesField } from './enums.js';

/** Pushed to `decisionUpdated` subscribers when a vedtak (or the notes) of an item or sub-item changes. */
@ObjectType({ simpleResolvers: true, description: 'A change of a decision (vedtak) or notes text, as it is typed or adopted' })
export class DecisionUpdate {
  @Field(() => ID)
  meetingId!: string;

  @Field(() => ID)
  agendaItemId!: string;

  @Field(() => String, { description: 'The item number, e.g. "26/2017"' })
  itemNumber!: string;

  @Field(() => String, { nullable: true, description: 'Sub-item letter, or null for the item itself' })
  subItemLetter!: string | null;

  @Field(() => MinutesField)
  field!: MinutesField;

  @Field(() => String, { description: 'The new text' })
  text!: string;

  @Field(() => Boolean, { description: 'Whether the decision is adopted (vedtatt)' })
  adopted!: boolean;

  @Field(() => Date)
  at!: Date;
}

/** Pushed to `agendaChanged` subscribers when items or sub-items are added, changed, moved or removed. */
@ObjectType({ simpleResolvers: true, description: 'A change to the agenda (dagsorden) of a meeting' })
export class AgendaChange {
  @Field(() => ID)
  meetingId!: string;

  @Field(() => String, { description: 'ITEM_ADDED, ITEM_UPDATED, ITEM_MOVED, ITEM_REMOVED, SUB_ITEM_*, NOTICE_SENT, STATUS_CHANGED …' })
  kind!: string;

  @Field(() => ID, { nullable: true })
  agendaItemId!: string | null;

  @Field(() => Date)
  at!: Date;
}

/** Pushed to `attendanceChanged` subscribers. */
@ObjectType({ simpleResolvers: true, description: 'A change to the attendance (til stede / forfall) of a meeting' })
export class AttendanceChange {
  @Field(() => ID)
  meetingId!: string;

  @Field(() => String, { description: 'ADDED, UPDATED or REMOVED' })
  kind!: string;

  @Field(() => ID)
  attendanceId!: string;

  @Field(() => Date)
  at!: Date;
}
