import { Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from './connection.js';

/** What a search hit is. */
export enum SearchHitKind {
  MEETING = 'MEETING',
  AGENDA_ITEM = 'AGENDA_ITEM',
  SUB_ITEM = 'SUB_ITEM',
}
registerEnumType(SearchHitKind, { name: 'SearchHitKind', description: 'A meeting (møte), an agenda item (sak) or a sub-item (A, B, …)' });

export enum SearchOrder {
  RELEVANCE = 'RELEVANCE',
  NEWEST = 'NEWEST',
  OLDEST = 'OLDEST',
}
registerEnumType(SearchOrder, { name: 'SearchOrder', description: 'Best match first, or by the meeting date' });

/** A piece of a highlighted text: the words that match the search have `match` true. */
@ObjectType({ simpleResolvers: true, description: 'A piece of a highlighted text; the words that matched have match = true' })
export class TextPart {
  @Field(() => String)
  text!: string;

  @Field(() => Boolean)
  match!: boolean;
}

/** One found meeting, item or sub-item, as the viewer may see it. */
@ObjectType({ simpleResolvers: true, description: 'A meeting, agenda item or sub-item that matches a search, as the viewer may see it' })
export class SearchHit {
  @Field(() => ID, { description: 'The id of the meeting, item or sub-item' })
  id!: string;

  @Field(() => SearchHitKind)
  kind!: SearchHitKind;

  @Field(() => String, { description: '"Sak 21/2017", "Sak 21/2017 B" or "Møte 14.09.2017"' })
  label!: string;

  @Field(() => String)
  title!: string;

  @Field(() => [TextPart], { description: 'The title with the matching words marked' })
  titleHighlights!: TextPart[];

  @Field(() => [TextPart], { description: 'A short passage around the best matches, matching words marked ("…" where text was left out)' })
  snippet!: TextPart[];

  @Field(() => Float, { description: 'Relevance: higher is better, comparable within one search' })
  score!: number;

  meetingId!: string;
  agendaItemId!: string | null;
}

/** A page of hits: `SearchConnection { totalCount edges { cursor node } pageInfo }` with `SearchEdge`. */
@ObjectType({ description: 'A page of search hits (Relay cursor connection)' })
export class SearchConnection extends Connection(SearchHit, 'Search') {}
