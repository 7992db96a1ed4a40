import { ValidateNested, ArrayMaxSize, IsOptional, Matches, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { MinutesField, VoteOutcome } from '../enums.js';

@InputType({ description: 'An agenda item, or one of its sub-items by letter' })
export class MinutesTargetInput {
  @Field(() => ID)
  agendaItemId!: string;

  @Field(() => String, { nullable: true, description: 'Sub-item letter; omit for the item itself' })
  @IsOptional()
  @Matches(/^[A-ZÆØÅ]$/, { message: 'subItemLetter must be one capital letter A–Å' })
  subItemLetter?: string | null;
}

@InputType({ description: 'Set the notes or the decision text of an item or sub-item (also reaches live editors)' })
export class SetMinutesTextInput {
  @Field(() => MinutesTargetInput)
  @ValidateNested()
  target!: MinutesTargetInput;

  @Field(() => MinutesField)
  field!: MinutesField;

  @Field(() => String)
  @MaxLength(200_000)
  text!: string;
}

@InputType({ description: 'Voting result (kommuneloven § 11-4)' })
export class VoteInput {
  @Field(() => VoteOutcome)
  outcome!: VoteOutcome;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  votesFor?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  votesAgainst?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  votesBlank?: number | null;

  @Field(() => [ID], { nullable: true, description: 'Persons who voted against (mindretallet)' })
  @IsOptional()
  @ArrayMaxSize(200)
  dissenterIds?: string[] | null;
}

@InputType({ description: 'Record a decision (vedtak); it is adopted with adoptDecision, or at once with adopt: true' })
export class RecordDecisionInput {
  @Field(() => MinutesTargetInput)
  @ValidateNested()
  target!: MinutesTargetInput;

  @Field(() => String)
  @MaxLength(200_000)
  text!: string;

  @Field(() => VoteInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  vote?: VoteInput | null;

  @Field(() => Boolean, { nullable: true, description: 'Adopt at once' })
  adopt?: boolean;
}
