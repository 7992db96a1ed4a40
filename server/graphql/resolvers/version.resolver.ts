import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Meeting, MinutesVersion } from '../../../schema/entities/index.js';
import { MinutesText } from '../../../schema/minutes-text.js';
import type { GraphQLContext } from '../context.js';

@Resolver(() => MinutesVersion)
export class MinutesVersionResolver {
  @Query(() => [MinutesVersion], { description: 'Named versions of a meeting\'s referat, oldest first' })
  minutesVersions(@Ctx() ctx: GraphQLContext, @Arg('meetingId', () => ID) meetingId: string) {
    return ctx.services.versions.list(meetingId);
  }

  @Query(() => MinutesVersion)
  minutesVersion(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string) {
    return ctx.services.versions.get(id);
  }

  @FieldResolver(() => Meeting)
  async meeting(@Root() v: MinutesVersion, @Ctx() ctx: GraphQLContext) {
    return (await ctx.loaders.meeting.load(v.meeting.id))!;
  }

  @FieldResolver(() => [MinutesText], { description: 'Every field\'s text as of this version' })
  texts(@Root() v: MinutesVersion, @Ctx() ctx: GraphQLContext) {
    return ctx.services.versions.texts(v);
  }

  @Mutation(() => MinutesVersion, { description: 'Takes a named version of the referat now' })
  createMinutesVersion(
    @Ctx() ctx: GraphQLContext,
    @Arg('meetingId', () => ID) meetingId: string,
    @Arg('label', () => String) label: string,
  ) {
    return ctx.services.versions.create(meetingId, label);
  }
}
