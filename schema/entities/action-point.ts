import { Collection, Entity, Enum, Index, ManyToOne, OneToMany, type Opt, Property, type Rel } from '@mikro-orm/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { ActionPointStatus } from '../cycle-enums.js';
import { AgendaItem } from './agenda-item.js';
import { BaseEntity } from './base.js';
import { Body } from './body.js';
import { Person } from './person.js';

/** Something a vedtak asks to be done (oppfølgingspunkt): followed up at later meetings of the body until done. */
@ObjectType({ simpleResolvers: true, description: 'An action point (oppfølgingspunkt) of a vedtak' })
@Entity({ tableName: 'action_point' })
@Index({ properties: ['body', 'status'] })
export class ActionPoint extends BaseEntity {
  /** The item whose vedtak asks for it. */
  @ManyToOne(() => AgendaItem)
  agendaItem!: Rel<AgendaItem>;

  /** Denormalised from the item, for the body's follow-up list and report. */
  @ManyToOne(() => Body)
  body!: Rel<Body>;

  @Field(() => String, { description: 'What is to be done' })
  @Property({ type: 'text' })
  description!: string;

  @Field(() => String, { nullable: true, description: 'Responsible person or body, as written, e.g. "Styringsgruppen"' })
  @Property({ type: 'string', nullable: true })
  responsible: string | null = null;

  @ManyToOne(() => Person, { nullable: true })
  responsiblePerson: Rel<Person> | null = null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Frist, YYYY-MM-DD' })
  @Property({ type: 'date', nullable: true })
  dueDate: string | null = null;

  @Field(() => ActionPointStatus)
  @Enum({ items: () => ActionPointStatus, type: 'string' })
  status: Opt<ActionPointStatus> = ActionPointStatus.OPEN;

  @Field(() => Date, { nullable: true, description: 'When it was marked done' })
  @Property({ type: 'datetime', nullable: true })
  doneAt: Date | null = null;

  @OneToMany('ActionPointComment', 'actionPoint')
  comments = new Collection<Rel<ActionPointComment>>(this);
}

/** One line of an action point's history: a comment, or a change of its status. */
@ObjectType({ simpleResolvers: true, description: 'A comment on, or status change of, an action point' })
@Entity({ tableName: 'action_point_comment' })
export class ActionPointComment extends BaseEntity {
  @ManyToOne(() => ActionPoint)
  actionPoint!: Rel<ActionPoint>;

  @Field(() => String)
  @Property({ type: 'text' })
  text!: string;

  @Field(() => ActionPointStatus, { nullable: true, description: 'The status set with this comment, if it changed' })
  @Enum({ items: () => ActionPointStatus, type: 'string', nullable: true })
  status: ActionPointStatus | null = null;

  @Property({ type: 'uuid', nullable: true })
  userId: string | null = null;
}
