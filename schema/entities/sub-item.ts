import { Collection, Embedded, Entity, ManyToMany, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { AgendaItem } from './agenda-item.js';
import { Attachment } from './attachment.js';
import { BaseEntity } from './base.js';
import { Decision, ProposedDecision } from './decision.js';

/** A lettered point (A, B, C …) under an agenda item. */
@ObjectType({ simpleResolvers: true, description: 'A sub-item lettered A, B, C … under an agenda item' })
@Entity({ tableName: 'sub_item' })
@Unique({ properties: ['agendaItem', 'letter'] })
export class SubItem extends BaseEntity {
  @ManyToOne(() => AgendaItem)
  agendaItem!: Rel<AgendaItem>;

  @Field(() => String, { description: 'A, B, C …' })
  @Property({ type: 'string', length: 2 })
  letter!: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  position!: number;

  @Field(() => String)
  @Property({ type: 'text' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'A heading line under the title, e.g. "Innvilget støtte fra Forskningsrådet"' })
  @Property({ type: 'text', nullable: true })
  subtitle: string | null = null;

  @Field(() => String, { nullable: true, description: 'Introduction from the innkalling' })
  @Property({ type: 'text', nullable: true })
  introduction: string | null = null;

  @Field(() => String, { nullable: true, description: 'What was reported or discussed (referat)' })
  @Property({ type: 'text', nullable: true })
  notes: string | null = null;

  @Field(() => ProposedDecision, { nullable: true })
  @Embedded(() => ProposedDecision, { nullable: true, prefix: 'proposed_' })
  proposedDecision: ProposedDecision | null = null;

  @Field(() => Decision, { nullable: true })
  @Embedded(() => Decision, { nullable: true, prefix: 'decision_' })
  decision: Decision | null = null;

  @ManyToMany(() => Attachment, undefined, { owner: true, pivotTable: 'sub_item_attachment' })
  attachments = new Collection<Rel<Attachment>>(this);
}
