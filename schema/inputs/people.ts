import { IsEmail, IsOptional, Length, MaxLength } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';
import { MembershipRole } from '../enums.js';

@InputType()
export class CreatePersonInput {
  @Field(() => String)
  @Length(1, 200)
  name!: string;

  @Field(() => String, { nullable: true, description: 'Municipality or county represented' })
  @IsOptional()
  @MaxLength(200)
  municipality?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  position?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  email?: string | null;
}

@InputType()
export class AddMembershipInput {
  @Field(() => ID)
  personId!: string;

  @Field(() => ID)
  bodyId!: string;

  @Field(() => MembershipRole)
  role!: MembershipRole;

  @Field(() => LocalDateResolver, { nullable: true })
  validFrom?: string | null;

  @Field(() => LocalDateResolver, { nullable: true })
  validTo?: string | null;
}
