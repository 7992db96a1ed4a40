import { Entity, Enum, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { VersionReason } from '../enums.js';
import { BaseEntity } from './base.js';
import { Meeting } from './meeting.js';

/** A named version of a meeting's referat: the full Y.Doc state at that moment. */
@ObjectType({ simpleResolvers: true, description: 'A named version of the referat (innkalling sendt, sendt til godkjenning, godkjent, or on request)' })
@Entity({ tableName: 'minutes_version' })
export class MinutesVersion extends BaseEntity {
  @ManyToOne(() => Meeting)
  meeting!: Rel<Meeting>;

  @Field(() => String)
  @Property({ type: 'string' })
  label!: string;

  @Field(() => VersionReason)
  @Enum({ items: () => VersionReason, type: 'string' })
  reason!: VersionReason;

  @Field(() => Int, { description: 'Sequence number of the last document update included' })
  @Property({ type: 'integer' })
  seq!: number;

  /** Y.encodeStateAsUpdate of the document at this version. */
  @Property({ type: 'blob', lazy: true })
  state!: Buffer;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  createdBy: string | null = null;
}
