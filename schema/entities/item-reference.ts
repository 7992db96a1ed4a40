import { Entity, Enum, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { ReferenceKind } from '../enums.js';
import { AgendaItem } from './agenda-item.js';
import { BaseEntity } from './base.js';
import { Meeting } from './meeting.js';

/** "jf vedtak i styringsgruppen …, sak 06/2017", "referat fra møte 01.06.2017": a link from an item to another meeting or item. */
@ObjectType({ simpleResolvers: true, description: 'A reference from an agenda item to another meeting, item or outside document (jf. …)' })
@Entity({ tableName: 'item_reference' })
export class ItemReference extends BaseEntity {
  @ManyToOne(() => AgendaItem)
  agendaItem!: Rel<AgendaItem>;

  @Field(() => ReferenceKind)
  @Enum({ items: () => ReferenceKind, type: 'string' })
  kind!: ReferenceKind;

  @ManyToOne(() => Meeting, { nullable: true })
  meeting: Rel<Meeting> | null = null;

  @ManyToOne(() => AgendaItem, { nullable: true })
  item: Rel<AgendaItem> | null = null;

  @Field(() => String, { description: 'The reference as written, e.g. "jf vedtak i styringsgruppen 16.03.2016, sak 06/2017"' })
  @Property({ type: 'text' })
  citation!: string;
}
