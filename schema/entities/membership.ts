import { Entity, Enum, ManyToOne, type Opt, Property, type Rel } from '@mikro-orm/core';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { MembershipRole } from '../enums.js';
import { BaseEntity } from './base.js';
import { Body } from './body.js';
import { Person } from './person.js';

/** A person's seat in a body for a period (OParl Membership). */
@ObjectType({ simpleResolvers: true, description: 'Membership of a person in a body, with role and period' })
@Entity({ tableName: 'membership' })
export class Membership extends BaseEntity {
  @ManyToOne(() => Person)
  person!: Rel<Person>;

  @ManyToOne(() => Body)
  body!: Rel<Body>;

  @Field(() => MembershipRole)
  @Enum({ items: () => MembershipRole, type: 'string' })
  role: Opt<MembershipRole> = MembershipRole.MEMBER;

  @Field(() => LocalDateResolver, { nullable: true, description: 'YYYY-MM-DD' })
  @Property({ type: 'date', nullable: true })
  validFrom: string | null = null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'YYYY-MM-DD' })
  @Property({ type: 'date', nullable: true })
  validTo: string | null = null;
}
