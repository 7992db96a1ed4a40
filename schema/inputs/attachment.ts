import { IsOptional, IsUrl, Length, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'A new vedlegg of a meeting' })
export class AddAttachmentInput {
  @Field(() => ID)
  meetingId!: string;

  @Field(() => String)
  @Length(1, 500)
  title!: string;

  @Field(() => Int, { nullable: true, description: 'Vedlegg number; default the next free number of the meeting' })
  @IsOptional()
  @Min(1)
  number?: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(255)
  fileName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(255)
  mimeType?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ require_tld: false })
  url?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Agenda items to link it to' })
  agendaItemIds?: string[];
}

@InputType({ description: 'Link or unlink a vedlegg to an item or sub-item' })
export class AttachmentLinkInput {
  @Field(() => ID)
  attachmentId!: string;

  @Field(() => ID)
  agendaItemId!: string;

  @Field(() => String, { nullable: true })
  subItemLetter?: string | null;
}

@InputType({ description: 'Whether a vedlegg is open to the public, and if not, why (offentleglova §)' })
export class SetAttachmentPublicInput {
  @Field(() => ID)
  attachmentId!: string;

  @Field(() => Boolean)
  public!: boolean;

  @Field(() => String, { nullable: true, description: 'Required when public is false, e.g. "Offl. § 13, jf. fvl. § 13"' })
  @IsOptional()
  @MaxLength(500)
  legalBasis?: string | null;
}
