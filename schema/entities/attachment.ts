import { Entity, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from './base.js';
import { Meeting } from './meeting.js';

/** A vedlegg, numbered per meeting; one item may have several ("Vedlegg 3+4") and several items may share one. */
@ObjectType({ simpleResolvers: true, description: 'Attachment (vedlegg), numbered per meeting' })
@Entity({ tableName: 'attachment' })
@Unique({ properties: ['meeting', 'number'] })
export class Attachment extends BaseEntity {
  @ManyToOne(() => Meeting)
  meeting!: Rel<Meeting>;

  @Field(() => Int)
  @Property({ type: 'integer' })
  number!: number;

  @Field(() => String)
  @Property({ type: 'text' })
  title!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  fileName: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  mimeType: string | null = null;

  @Field(() => String, { nullable: true, description: 'Where the file can be fetched' })
  @Property({ type: 'text', nullable: true })
  url: string | null = null;
}
