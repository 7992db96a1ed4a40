import { Field, ID, ObjectType } from 'type-graphql';

/** The text of one field of the referat as of a version (or now). */
@ObjectType({ simpleResolvers: true, description: 'Notes and decision text of an item or sub-item, as of a version of the referat' })
export class MinutesText {
  @Field(() => ID)
  agendaItemId!: string;

  @Field(() => String, { nullable: true, description: 'Item number, e.g. "26/2017" (null if the item was removed since)' })
  itemNumber!: string | null;

  @Field(() => String, { nullable: true })
  subItemLetter!: string | null;

  @Field(() => String)
  notes!: string;

  @Field(() => String)
  decision!: string;
}
