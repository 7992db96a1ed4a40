import { Entity, Enum, ManyToOne, Unique, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BodyRole } from '../enums.js';
import { BaseEntity } from './base.js';
import { Body } from './body.js';
import { User } from './user.js';

/** A user's role in one body: secretary or member. */
@ObjectType({ simpleResolvers: true, description: 'A role a user holds in a body' })
@Entity({ tableName: 'role_grant' })
@Unique({ properties: ['user', 'body'] })
export class RoleGrant extends BaseEntity {
  @ManyToOne(() => User)
  user!: Rel<User>;

  @ManyToOne(() => Body)
  body!: Rel<Body>;

  @Field(() => BodyRole)
  @Enum({ items: () => BodyRole, type: 'string' })
  role!: BodyRole;
}
