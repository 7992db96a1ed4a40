import { IsOptional, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { MeetingStatus } from '../enums.js';

@InputType({ description: 'A new meeting of a body' })
export class CreateMeetingInput {
  @Field(() => ID)
  bodyId!: string;

  @Field(() => Date, { description: 'Planned start' })
  startsAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Planned end' })
  endsAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Place and room (sted)' })
  @IsOptional()
  @MaxLength(500)
  location?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 300)
  title?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Remote meeting (fjernmøte)' })
  remote?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Start the agenda with an item approving the previous meeting\'s minutes (default true)',
  })
  approvePreviousMinutes?: boolean | null;
}

@InputType({ description: 'Changes to a meeting; omitted fields stay as they are, null clears' })
export class UpdateMeetingInput {
  @Field(() => Date, { nullable: true })
  startsAt?: Date;

  @Field(() => Date, { nullable: true })
  endsAt?: Date | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  location?: string | null;

  @Field(() => Date, { nullable: true, description: 'Actual start (referat)' })
  actualStartsAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Actual end (referat)' })
  actualEndsAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Actual place (referat)' })
  @IsOptional()
  @MaxLength(500)
  actualLocation?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(300)
  title?: string | null;

  @Field(() => Boolean, { nullable: true })
  remote?: boolean;
}

@InputType({ description: 'Filter for the meetings list' })
export class MeetingFilter {
  @Field(() => ID, { nullable: true })
  bodyId?: string;

  @Field(() => String, { nullable: true, description: 'Body slug, e.g. "radmannsgruppen"' })
  bodySlug?: string;

  @Field(() => Int, { nullable: true, description: 'Calendar year in Norway' })
  year?: number;

  @Field(() => [MeetingStatus], { nullable: true })
  status?: MeetingStatus[];
}
