import { Entity, ManyToOne, type Opt, Property, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { AgendaItem } from './agenda-item.js';
import { BaseEntity } from './base.js';
import { Person } from './person.js';

/** Protokolltilførsel: a statement a participant asks to have entered in the minutes of an item. */
@ObjectType({ simpleResolvers: true, description: 'Protocol entry (protokolltilførsel) on an agenda item' })
@Entity({ tableName: 'protocol_entry' })
export class ProtocolEntry extends BaseEntity {
  @ManyToOne(() => AgendaItem)
  agendaItem!: Rel<AgendaItem>;

  @ManyToOne(() => Person, { nullable: true })
  person: Rel<Person> | null = null;

  @Field(() => String)
  @Property({ type: 'text' })
  text!: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  position: Opt<number> = 0;
}
