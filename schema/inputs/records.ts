import { IsOptional, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { ReferenceKind } from '../enums.js';

@InputType({ description: 'Declared disqualification (inhabilitet): the person leaves while the item is handled' })
export class DeclareDisqualificationInput {
  @Field(() => ID)
  agendaItemId!: string;

  @Field(() => ID)
  personId!: string;

  @Field(() => String, { description: 'Legal basis, e.g. "forvaltningsloven § 6 første ledd bokstav a"' })
  @Length(1, 500)
  legalBasis!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000)
  reason?: string | null;
}

@InputType({ description: 'Protokolltilførsel' })
export class AddProtocolEntryInput {
  @Field(() => ID)
  agendaItemId!: string;

  @Field(() => ID, { nullable: true })
  personId?: string | null;

  @Field(() => String)
  @Length(1, 20_000)
  text!: string;
}

@InputType({ description: 'A reference from an item to a meeting, another item or an outside document' })
export class AddItemReferenceInput {
  @Field(() => ID)
  agendaItemId!: string;

  @Field(() => ReferenceKind)
  kind!: ReferenceKind;

  @Field(() => String)
  @Length(1, 1000)
  citation!: string;

  @Field(() => ID, { nullable: true })
  meetingId?: string | null;

  @Field(() => ID, { nullable: true })
  referencedItemId?: string | null;
}
