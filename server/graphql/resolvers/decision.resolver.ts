import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { AgendaItem, Decision, Person } from '../../../schema/entities/index.js';

import { MinutesTargetInput, RecordDecisionInput, SetMinutesTextInput, VoteInput } from '../../../schema/inputs/index.js';
import type { GraphQLContext } from '../context.js';

@Resolver(() => Decision)
export class DecisionResolver {
  @FieldResolver(() => [Person], { description: 'Who voted against (mindretallet)' })
  async dissenters(@Root() d: Decision, @Ctx() ctx: GraphQLContext) {
    const people = await ctx.loaders.person.loadMany(d.dissenterIds ?? []);
    return people.filter((p): p is Person => p instanceof Person);
  }

  @Mutation(() => AgendaItem, { description: 'Sets the notes or decision text of an item or sub-item; live editors see it at once' })
  async setMinutesText(@Ctx() ctx: GraphQLContext, @Arg('input', () => SetMinutesTextInput) input: SetMinutesTextInput) {
    return (await ctx.services.decisions.setText(input.target, input.field, input.text)).item;
  }

  @Mutation(() => AgendaItem, { description: 'Records a decision (vedtak) with its voting result' })
  async recordDecision(@Ctx() ctx: GraphQLContext, @Arg('input', () => RecordDecisionInput) input: RecordDecisionInput) {
    return (await ctx.services.decisions.record(input)).item;
  }

  @Mutation(() => AgendaItem, {
    description: 'Adopts a decision. Adopting a "godkjenning av referat" item approves and locks the previous minutes',
  })
  async adoptDecision(
    @Ctx() ctx: GraphQLContext,
    @Arg('target', () => MinutesTargetInput) target: MinutesTargetInput,
    @Arg('vote', () => VoteInput, { nullable: true }) vote?: VoteInput,
  ) {
    return (await ctx.services.decisions.adopt(target, vote)).item;
  }
}

