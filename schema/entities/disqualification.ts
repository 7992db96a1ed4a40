import { Entity, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { AgendaItem } from './agenda-item.js';
import { BaseEntity } from './base.js';
import { Person } from './person.js';

/** Inhabilitet: a person declared disqualified for an item leaves the meeting while it is handled. */
@ObjectType({ simpleResolvers: true, description: 'Declared disqualification (inhabilitet) of a person for an agenda item' })
@Entity({ tableName: 'disqualification' })
@Unique({ properties: ['agendaItem', 'person'] })
export class Disqualification extends BaseEntity {
  @ManyToOne(() => AgendaItem)
  agendaItem!: Rel<AgendaItem>;

  @ManyToOne(() => Person)
  person!: Rel<Person>;

  @Field(() => String, { description: 'Legal basis, e.g. "forvaltningsloven § 6 første ledd bokstav a"' })
  @Property({ type: 'string' })
  legalBasis!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  reason: string | null = null;
}
