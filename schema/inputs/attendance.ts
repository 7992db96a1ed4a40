import { IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { AttendanceRole, AttendanceStatus } from '../enums.js';

@InputType({ description: 'Record one person\'s attendance; replaces an earlier record for the same person' })
export class SetAttendanceInput {
  @Field(() => ID)
  meetingId!: string;

  @Field(() => ID)
  personId!: string;

  @Field(() => AttendanceRole, { nullable: true, description: 'Default MEMBER (SUBSTITUTE when substituteForId is given)' })
  role?: AttendanceRole;

  @Field(() => AttendanceStatus, { nullable: true, description: 'Default PRESENT' })
  status?: AttendanceStatus;

  @Field(() => ID, { nullable: true, description: 'The member this person stands in for (møter for)' })
  substituteForId?: string | null;

  @Field(() => String, { nullable: true, description: 'Municipality represented, when it differs from the person\'s own' })
  @IsOptional()
  @MaxLength(200)
  representing?: string | null;

  @Field(() => ID, { nullable: true, description: 'Present from this agenda item ("fra sak 25/2017")' })
  fromItemId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Present until and including this agenda item' })
  untilItemId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(1000)
  note?: string | null;
}
