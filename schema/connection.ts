import type { ClassType } from 'type-graphql';
import { Field, Int, ObjectType } from 'type-graphql';

/** Relay's page information: whether there is more after this page, and the cursor to ask for it with. */
@ObjectType({ description: 'Where a page of a connection ends, and whether more follows' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'Always false: pages are only read forwards (first/after)' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first edge of the page' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge: pass it as `after` for the next page' })
  endCursor!: string | null;
}

/** What a paged list holds, independent of GraphQL: the services return this, the connection types describe it. */
export interface Page<T> {
  totalCount: number;
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: PageInfo;
}

/**
 * A Relay cursor connection of `Node`: `XConnection { totalCount edges { cursor node } pageInfo }` with `XEdge`.
 * Write one concrete class per list: `@ObjectType() class MeetingConnection extends Connection(Meeting) {}`.
 */
export function Connection<T extends object>(Node: ClassType<T>, name = Node.name) {
  @ObjectType(`${name}Edge`, { description: `One ${name} of a page, with its cursor` })
  class Edge {
    @Field(() => String, { description: 'Opaque: pass as `after` to continue after this edge' })
    cursor!: string;

    @Field(() => Node)
    node!: T;
  }

  @ObjectType() // abstract: only the concrete subclasses are types of the schema
  abstract class ConnectionBase implements Page<T> {
    @Field(() => Int, { description: 'How many there are in all (with the same filter), not only on this page' })
    totalCount!: number;

    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return ConnectionBase;
}
