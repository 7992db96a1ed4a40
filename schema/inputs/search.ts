import { ArrayMaxSize, IsOptional } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { AgendaItemKind, MeetingStatus } from '../enums.js';
import { SearchHitKind } from '../search.js';

@InputType({ description: 'Narrows a search; every given condition must hold' })
export class SearchFilter {
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(100)
  bodyIds?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Bodies by slug, e.g. "radmannsgruppen"' })
  @IsOptional()
  @ArrayMaxSize(100)
  bodySlugs?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'Meetings from this year on (the year in Norway)' })
  yearFrom?: number | null;

  @Field(() => Int, { nullable: true, description: 'Meetings up to and including this year' })
  yearTo?: number | null;

  @Field(() => [AgendaItemKind], { nullable: true, description: 'Items (and their sub-items) of these kinds; leaves out meetings' })
  itemKinds?: AgendaItemKind[] | null;

  @Field(() => [SearchHitKind], { nullable: true, description: 'Only meetings, items or sub-items' })
  kinds?: SearchHitKind[] | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only what has a vedtak (that the viewer may read); false: only what has none' })
  hasDecision?: boolean | null;

  @Field(() => [MeetingStatus], { nullable: true })
  meetingStatus?: MeetingStatus[] | null;
}
