import { Embeddable, Enum, type Opt, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { VoteOutcome } from '../enums.js';

/** Forslag til vedtak: the decision proposed in the innkalling. */
@ObjectType({ simpleResolvers: true, description: 'Proposed decision (forslag til vedtak)' })
@Embeddable()
export class ProposedDecision {
  @Field(() => String, { description: 'Text as in the innkalling, e.g. "Formuleres i møtet."' })
  @Property({ type: 'text' })
  text!: string;

  @Field(() => Boolean, { description: 'True when the decision is to be formulated in the meeting (formuleres i møtet)' })
  @Property({ type: 'boolean' })
  formulatedInMeeting: Opt<boolean> = false;
}

/** Vedtak: the decision as recorded in the referat, with the voting result kommuneloven § 11-4 asks for. */
@ObjectType({ simpleResolvers: true, description: 'Decision (vedtak) with its voting result' })
@Embeddable()
export class Decision {
  @Field(() => String)
  @Property({ type: 'text' })
  text: Opt<string> = '';

  @Field(() => Date, { nullable: true, description: 'When the decision was adopted (vedtatt); null while it is being drafted' })
  @Property({ type: 'datetime', nullable: true })
  adoptedAt: Date | null = null;

  @Field(() => VoteOutcome, { nullable: true, description: 'Voting result (enstemmig, flertall, …); null if not recorded' })
  @Enum({ items: () => VoteOutcome, type: 'string', nullable: true })
  voteOutcome: VoteOutcome | null = null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  votesFor: number | null = null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  votesAgainst: number | null = null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  votesBlank: number | null = null;

  /** Person ids of those who voted against (mindretallet); resolved to persons by the API. */
  @Property({ type: 'json', nullable: true })
  dissenterIds: string[] | null = null;
}
