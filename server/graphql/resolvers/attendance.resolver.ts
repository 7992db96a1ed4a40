import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { AgendaItem, Attendance, Person } from '../../../schema/entities/index.js';
import { SetAttendanceInput } from '../../../schema/inputs/index.js';
import type { GraphQLContext } from '../context.js';
import { visibleItem } from '../visibility.js';
import { andThen } from '../known-loader.js';

/** The persons of attendance lines were read with them (loaders.ts attendanceOf): these fields answer without a promise. */
@Resolver(() => Attendance)
export class AttendanceResolver {
  @FieldResolver(() => Person)
  person(@Root() a: Attendance, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.person.get(a.person.id) as Person | Promise<Person>;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Municipality represented: the override, else the person\'s' })
  municipality(@Root() a: Attendance, @Ctx() ctx: GraphQLContext) {
    if (a.representing) return a.representing;
    return andThen(ctx.loaders.person.get((a.substituteFor ?? a.person).id), (p) => p?.municipality ?? null);
  }

  @FieldResolver(() => Person, { nullable: true, description: 'The member this person stands in for ("X for Y")' })
  substituteFor(@Root() a: Attendance, @Ctx() ctx: GraphQLContext) {
    return a.substituteFor ? ctx.loaders.person.get(a.substituteFor.id) : null;
  }

  @FieldResolver(() => AgendaItem, { nullable: true, description: 'Present from this item ("fra sak 25/2017")' })
  fromItem(@Root() a: Attendance, @Ctx() ctx: GraphQLContext) {
    return a.fromItem ? visibleItem(ctx, a.fromItem.id) : null;
  }

  @FieldResolver(() => AgendaItem, { nullable: true, description: 'Present until and including this item' })
  untilItem(@Root() a: Attendance, @Ctx() ctx: GraphQLContext) {
    return a.untilItem ? visibleItem(ctx, a.untilItem.id) : null;
  }

  @FieldResolver(() => [AgendaItem], { description: 'Items this person left for, having declared themself disqualified (inhabil)' })
  async absentForItems(@Root() a: Attendance, @Ctx() ctx: GraphQLContext) {
    const all = await ctx.loaders.disqualificationsOfMeetingItems.load(a.meeting.id);
    const items = await Promise.all(all.filter((d) => d.person.id === a.person.id).map((d) => visibleItem(ctx, d.agendaItem.id)));
    return items.filter((i): i is AgendaItem => i !== null);
  }

  @Mutation(() => Attendance, { description: 'Records one person\'s attendance (replaces an earlier record for them)' })
  setAttendance(@Ctx() ctx: GraphQLContext, @Arg('input', () => SetAttendanceInput) input: SetAttendanceInput) {
    return ctx.services.attendance.set(input);
  }

  @Mutation(() => Boolean)
  removeAttendance(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string) {
    return ctx.services.attendance.remove(id);
  }
}
