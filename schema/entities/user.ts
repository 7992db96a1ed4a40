import { Collection, Entity, ManyToOne, OneToMany, Property, type Opt, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from './base.js';
import { Person } from './person.js';
import type { RoleGrant } from './role-grant.js';

/** Someone who signs in: a secretary, a member, or an administrator. */
@ObjectType({ simpleResolvers: true, description: 'A user who signs in with a token' })
@Entity({ tableName: 'app_user' })
export class User extends BaseEntity {
  @Field(() => String)
  @Property({ type: 'string' })
  name!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true, unique: true })
  email: string | null = null;

  @Field(() => Boolean)
  @Property({ type: 'boolean' })
  isAdmin: Opt<boolean> = false;

  /** The person in the meeting records this user is, if any. */
  @ManyToOne(() => Person, { nullable: true })
  person: Rel<Person> | null = null;

  /** Tokens issued before this instant are refused (sign out everywhere, or a disabled user). */
  @Property({ type: 'datetime', nullable: true })
  tokensValidFrom: Date | null = null;

  /** The version calendar feed links are signed with; raising it (rotateCalendarFeeds) stops every earlier feed link. */
  @Property({ type: 'integer', default: 0 })
  calendarFeedVersion: Opt<number> = 0;

  @Property({ type: 'datetime', nullable: true })
  disabledAt: Date | null = null;

  @OneToMany('RoleGrant', 'user')
  roles = new Collection<Rel<RoleGrant>>(this);
}
