import { Collection, Entity, Enum, ManyToOne, OneToMany, type Opt, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BodyKind } from '../enums.js';
import { BaseEntity } from './base.js';
import type { Meeting } from './meeting.js';
import type { Membership } from './membership.js';
import { Organisation } from './organisation.js';

/** A body (organ/utvalg) that holds meetings: Rådmannsgruppen, Styringsgruppen, Generalforsamling. */
@ObjectType({ simpleResolvers: true, description: 'A body (utvalg) that holds meetings, e.g. Rådmannsgruppen' })
@Entity({ tableName: 'body' })
export class Body extends BaseEntity {
  @ManyToOne(() => Organisation)
  organisation!: Rel<Organisation>;

  @Field(() => String)
  @Property({ type: 'string' })
  name!: string;

  @Field(() => String, { description: 'URL-safe unique name, e.g. "radmannsgruppen"' })
  @Property({ type: 'string', unique: true })
  slug!: string;

  @Field(() => BodyKind)
  @Enum({ items: () => BodyKind, type: 'string' })
  kind: Opt<BodyKind> = BodyKind.OTHER;

  @OneToMany('Meeting', 'body')
  meetings = new Collection<Rel<Meeting>>(this);

  @OneToMany('Membership', 'body')
  memberships = new Collection<Rel<Membership>>(this);
}
