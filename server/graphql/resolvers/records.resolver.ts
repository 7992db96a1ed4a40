import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { AgendaItem, Disqualification, ItemReference, Meeting, Person, ProtocolEntry } from '../../../schema/entities/index.js';
import { AddItemReferenceInput, AddProtocolEntryInput, DeclareDisqualificationInput } from '../../../schema/inputs/index.js';
import type { GraphQLContext } from '../context.js';
import { visibleItem } from '../visibility.js';
import { presentMeeting, readsMeeting } from '../../auth/read-policy.js';

@Resolver(() => Disqualification)
export class DisqualificationResolver {
  @FieldResolver(() => Person)
  async person(@Root() d: Disqualification, @Ctx() ctx: GraphQLContext) {
    return (await ctx.loaders.person.load(d.person.id))!;
  }

  @Mutation(() => Disqualification, { description: 'Records that a person is disqualified (inhabil) for an item' })
  declareDisqualification(
    @Ctx() ctx: GraphQLContext,
    @Arg('input', () => DeclareDisqualificationInput) input: DeclareDisqualificationInput,
  ) {
    return ctx.services.records.declareDisqualification(input);
  }

  @Mutation(() => Boolean)
  removeDisqualification(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string) {
    return ctx.services.records.removeDisqualification(id);
  }
}

@Resolver(() => ProtocolEntry)
export class ProtocolEntryResolver {
  @FieldResolver(() => Person, { nullable: true })
  person(@Root() e: ProtocolEntry, @Ctx() ctx: GraphQLContext) {
    return e.person ? ctx.loaders.person.load(e.person.id) : null;
  }

  @Mutation(() => ProtocolEntry, { description: 'Adds a protokolltilførsel to an item' })
  addProtocolEntry(@Ctx() ctx: GraphQLContext, @Arg('input', () => AddProtocolEntryInput) input: AddProtocolEntryInput) {
    return ctx.services.records.addProtocolEntry(input);
  }

  @Mutation(() => Boolean)
  removeProtocolEntry(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string) {
    return ctx.services.records.removeProtocolEntry(id);
  }
}

@Resolver(() => ItemReference)
export class ItemReferenceResolver {
  @FieldResolver(() => Meeting, { nullable: true })
  async meeting(@Root() r: ItemReference, @Ctx() ctx: GraphQLContext) {
    const m = r.meeting ? await ctx.loaders.meeting.load(r.meeting.id) : null;
    return m && readsMeeting(ctx.viewer, m) ? presentMeeting(ctx.viewer, m) : null;
  }

  @FieldResolver(() => AgendaItem, { nullable: true })
  async item(@Root() r: ItemReference, @Ctx() ctx: GraphQLContext) {
    return r.item ? visibleItem(ctx, r.item.id) : null;
  }

  @Mutation(() => ItemReference)
  addItemReference(@Ctx() ctx: GraphQLContext, @Arg('input', () => AddItemReferenceInput) input: AddItemReferenceInput) {
    return ctx.services.records.addReference(input);
  }

  @Mutation(() => Boolean)
  removeItemReference(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string) {
    return ctx.services.records.removeReference(id);
  }
}
