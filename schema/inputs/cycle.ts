import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { ActionPointStatus, StandingItemPlacement } from '../cycle-enums.js';
import { AgendaItemKind } from '../enums.js';

@InputType({ description: 'A standing item of a body\'s template' })
export class StandingItemInput {
  @Field(() => String)
  @Length(1, 500)
  title!: string;

  @Field(() => AgendaItemKind, { nullable: true, description: 'Default ORIENTATION' })
  kind?: AgendaItemKind;

  @Field(() => StandingItemPlacement)
  placement!: StandingItemPlacement;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000)
  proposedDecision?: string | null;
}

@InputType({ description: 'The template new meetings of a body are created from (replaces the earlier one)' })
export class MeetingTemplateInput {
  @Field(() => ID)
  bodyId!: string;

  @Field(() => String, { nullable: true, description: '"HH:MM", Oslo time' })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'defaultStartTime must be HH:MM' })
  defaultStartTime?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  @Max(24 * 60)
  durationMinutes?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  location?: string | null;

  @Field(() => [StandingItemInput])
  @ValidateNested({ each: true })
  @ArrayMaxSize(30)
  standingItems!: StandingItemInput[];
}

@InputType({ description: 'A series of meetings (møteplan) of a body on the given dates, from its template' })
export class MeetingSeriesInput {
  @Field(() => ID)
  bodyId!: string;

  @Field(() => [LocalDateResolver], { description: 'Dates, YYYY-MM-DD' })
  @ArrayMinSize(1)
  @ArrayMaxSize(60)
  dates!: string[];

  @Field(() => String, { nullable: true, description: '"HH:MM", Oslo time; default the template\'s, else 09:00' })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'startTime must be HH:MM' })
  startTime?: string | null;
}

@InputType({ description: 'A sak registered before any meeting' })
export class PendingCaseInput {
  @Field(() => ID)
  bodyId!: string;

  @Field(() => String)
  @Length(1, 500)
  title!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(50_000)
  background?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20_000)
  proposedDecision?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  archiveCaseNumber?: string | null;
}

@InputType({ description: 'An action point of a vedtak' })
export class ActionPointInput {
  @Field(() => ID, { description: 'The agenda item whose vedtak asks for it' })
  agendaItemId!: string;

  @Field(() => String)
  @Length(1, 5000)
  description!: string;

  @Field(() => String, { nullable: true, description: 'Responsible person or body, as written' })
  @IsOptional()
  @MaxLength(300)
  responsible?: string | null;

  @Field(() => ID, { nullable: true })
  responsiblePersonId?: string | null;

  @Field(() => LocalDateResolver, { nullable: true })
  dueDate?: string | null;
}

@InputType({ description: 'A change of an action point: status and/or a comment, kept in its history' })
export class ActionPointUpdateInput {
  @Field(() => ActionPointStatus, { nullable: true })
  status?: ActionPointStatus;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000)
  comment?: string | null;

  @Field(() => LocalDateResolver, { nullable: true })
  dueDate?: string | null;
}
