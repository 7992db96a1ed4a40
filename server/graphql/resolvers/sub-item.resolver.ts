import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { AgendaItem, Attachment, SubItem } from '../../../schema/entities/index.js';
import { AddSubItemInput, UpdateSubItemInput } from '../../../schema/inputs/index.js';
import type { GraphQLContext } from '../context.js';
import { presentAttachments, presentItem } from '../../auth/read-policy.js';

@Resolver(() => SubItem)
export class SubItemResolver {
  @FieldResolver(() => AgendaItem)
  async agendaItem(@Root() s: SubItem, @Ctx() ctx: GraphQLContext) {
    const item = (await ctx.loaders.agendaItem.load(s.agendaItem.id))!;
    return presentItem(ctx.viewer, (await ctx.loaders.meeting.load(item.meeting.id))!, item);
  }

  @FieldResolver(() => [Attachment])
  async attachments(@Root() s: SubItem, @Ctx() ctx: GraphQLContext) {
    const item = (await ctx.loaders.agendaItem.load(s.agendaItem.id))!;
    const meeting = (await ctx.loaders.meeting.load(item.meeting.id))!;
    return presentAttachments(ctx.viewer, meeting, await ctx.loaders.attachmentsOfSubItem.load(s.id));
  }

  @Mutation(() => SubItem, { description: 'Adds a sub-item with the given or the next free letter' })
  addSubItem(@Ctx() ctx: GraphQLContext, @Arg('input', () => AddSubItemInput) input: AddSubItemInput) {
    return ctx.services.agenda.addSubItem(input);
  }

  @Mutation(() => SubItem)
  updateSubItem(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateSubItemInput) input: UpdateSubItemInput,
  ) {
    return ctx.services.agenda.updateSubItem(id, input);
  }

  @Mutation(() => SubItem, { description: 'Moves a sub-item; letters follow the order. Refused once the notice is sent' })
  moveSubItem(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('position', () => Int) position: number) {
    return ctx.services.agenda.moveSubItem(id, position);
  }

  @Mutation(() => Boolean)
  removeSubItem(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string) {
    return ctx.services.agenda.removeSubItem(id);
  }
}
