import { ValidateNested, IsOptional, Length, Matches, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { AgendaItemKind } from '../enums.js';

@InputType({ description: 'Forslag til vedtak' })
export class ProposedDecisionInput {
  @Field(() => String)
  @MaxLength(20_000)
  text!: string;

  @Field(() => Boolean, { nullable: true, description: 'To be formulated in the meeting (formuleres i møtet)' })
  formulatedInMeeting?: boolean;
}

@InputType({ description: 'A new agenda item (sak); it is numbered by the server' })
export class AddAgendaItemInput {
  @Field(() => ID)
  meetingId!: string;

  @Field(() => String)
  @Length(1, 500)
  title!: string;

  @Field(() => AgendaItemKind, { nullable: true })
  kind?: AgendaItemKind;

  @Field(() => Int, { nullable: true, description: 'Position to insert at (1 = first); default last' })
  @IsOptional()
  @Min(1)
  position?: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(50_000)
  introduction?: string | null;

  @Field(() => ProposedDecisionInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  proposedDecision?: ProposedDecisionInput | null;

  @Field(() => Boolean, { nullable: true, description: 'Default true; false for items behind closed doors' })
  public?: boolean;

  @Field(() => String, { nullable: true, description: 'Hjemmel for closing; required when public is false' })
  @IsOptional()
  @MaxLength(500)
  closedLegalBasis?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  publicTitle?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(50)
  archiveCaseNumber?: string | null;
}

@InputType({ description: 'Changes to an agenda item; omitted fields stay as they are' })
export class UpdateAgendaItemInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 500)
  title?: string;

  @Field(() => AgendaItemKind, { nullable: true })
  kind?: AgendaItemKind;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(50_000)
  introduction?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200_000)
  notes?: string | null;

  @Field(() => ProposedDecisionInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  proposedDecision?: ProposedDecisionInput | null;

  @Field(() => Boolean, { nullable: true })
  public?: boolean;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  closedLegalBasis?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  publicTitle?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(50)
  archiveCaseNumber?: string | null;
}

@InputType({ description: 'A new sub-item (A, B, C …) under an agenda item' })
export class AddSubItemInput {
  @Field(() => ID)
  agendaItemId!: string;

  @Field(() => String, { nullable: true, description: 'Letter; default the next free letter' })
  @IsOptional()
  @Matches(/^[A-ZÆØÅ]$/, { message: 'letter must be one capital letter A–Å' })
  letter?: string;

  @Field(() => String)
  @Length(1, 500)
  title!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  subtitle?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(50_000)
  introduction?: string | null;

  @Field(() => ProposedDecisionInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  proposedDecision?: ProposedDecisionInput | null;
}

@InputType({ description: 'Changes to a sub-item' })
export class UpdateSubItemInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[A-ZÆØÅ]$/, { message: 'letter must be one capital letter A–Å' })
  letter?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 500)
  title?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  subtitle?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(50_000)
  introduction?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200_000)
  notes?: string | null;

  @Field(() => ProposedDecisionInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  proposedDecision?: ProposedDecisionInput | null;
}

export const SUB_ITEM_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ';
