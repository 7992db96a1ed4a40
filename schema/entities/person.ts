import { Collection, Entity, OneToMany, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from './base.js';
import type { Membership } from './membership.js';

/** A person who attends meetings, with the municipality or county they represent. */
@ObjectType({ simpleResolvers: true, description: 'A person (deltaker) and the municipality or county they represent' })
@Entity({ tableName: 'person' })
export class Person extends BaseEntity {
  @Field(() => String)
  @Property({ type: 'string' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Municipality or county represented, e.g. "Bærum", "Akershus"' })
  @Property({ type: 'string', nullable: true })
  municipality: string | null = null;

  @Field(() => String, { nullable: true, description: 'Position, e.g. "rådmann"' })
  @Property({ type: 'string', nullable: true })
  position: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  email: string | null = null;

  @OneToMany('Membership', 'person')
  memberships = new Collection<Rel<Membership>>(this);
}
