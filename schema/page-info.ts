import { Field, ObjectType } from 'type-graphql';

/** Relay's PageInfo (https://relay.dev/graphql/connections.htm): where a page of a connection stands. */
@ObjectType({ simpleResolvers: true, description: 'Where a page of a connection stands (Relay cursor connections)' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first edge of the page' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge of the page: pass it as `after` for the next page' })
  endCursor!: string | null;
}
