import { Entity, OneToOne, type Opt, Property, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { AgendaItemKind } from '../enums.js';
import { StandingItemPlacement } from '../cycle-enums.js';
import { BaseEntity } from './base.js';
import { Body } from './body.js';

/** An item every meeting of a body starts or ends with ("Eventuelt"); stored as JSON in the body's template. */
@ObjectType({ simpleResolvers: true, description: 'A standing item (fast sak) of a body\'s meetings, e.g. "Eventuelt"' })
export class StandingItem {
  @Field(() => String)
  title!: string;

  @Field(() => AgendaItemKind)
  kind!: AgendaItemKind;

  @Field(() => StandingItemPlacement)
  placement!: StandingItemPlacement;

  @Field(() => String, { nullable: true, description: 'Forslag til vedtak, e.g. "Innkalling og dagsorden godkjennes."' })
  proposedDecision?: string | null;
}

/** What a new meeting of a body starts with: its standing items, default time, place and duration. */
@ObjectType({ simpleResolvers: true, description: 'The template (mal) new meetings of a body are created from' })
@Entity({ tableName: 'meeting_template' })
export class MeetingTemplate extends BaseEntity {
  @OneToOne(() => Body, { owner: true, unique: true })
  body!: Rel<Body>;

  @Field(() => String, { nullable: true, description: 'Default start in Oslo time, "HH:MM", for the year\'s plan' })
  @Property({ type: 'string', length: 5, nullable: true })
  defaultStartTime: string | null = null;

  @Field(() => Int, { nullable: true, description: 'Default duration in minutes (sets the planned end)' })
  @Property({ type: 'integer', nullable: true })
  durationMinutes: number | null = null;

  @Field(() => String, { nullable: true, description: 'Default place (sted)' })
  @Property({ type: 'string', nullable: true })
  location: string | null = null;

  @Field(() => [StandingItem], { description: 'In order; START items before the saker, END items after' })
  @Property({ type: 'json' })
  standingItems: Opt<StandingItem[]> = [];
}
