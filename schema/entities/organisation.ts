import { Collection, Entity, OneToMany, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from './base.js';
import { Body } from './body.js';

/** An inter-municipal co-operation such as Vestregionen. */
@ObjectType({ simpleResolvers: true, description: 'An inter-municipal co-operation (interkommunalt samarbeid), e.g. Vestregionen' })
@Entity({ tableName: 'organisation' })
export class Organisation extends BaseEntity {
  @Field(() => String)
  @Property({ type: 'string' })
  name!: string;

  @Field(() => String)
  @Property({ type: 'string', unique: true })
  slug!: string;

  @OneToMany(() => Body, (b) => b.organisation)
  bodies = new Collection<Rel<Body>>(this);
}
