import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { Meeting } from '../../../schema/entities/index.js';
import { ImportResult } from '../../../schema/import-result.js';
import type { GraphQLContext } from '../context.js';

@Resolver(() => Meeting)
export class DocumentResolver {
  @FieldResolver(() => String, { description: 'The innkalling (notice with agenda) as Markdown' })
  innkallingMarkdown(@Root() m: Meeting, @Ctx() ctx: GraphQLContext) {
    return ctx.services.documents.markdown(m.id, 'innkalling');
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The referat (minutes) as Markdown, now or as of a version; null when the viewer may not read it yet',
  })
  async referatMarkdown(
    @Root() m: Meeting,
    @Ctx() ctx: GraphQLContext,
    @Arg('version', () => ID, { nullable: true }) version?: string,
  ) {
    try {
      return await ctx.services.documents.markdown(m.id, 'referat', version);
    } catch (err) {
      if ((err as { extensions?: { code?: string } }).extensions?.code === 'NOT_FOUND' && !version) return null;
      throw err;
    }
  }

  @Mutation(() => ImportResult, {
    description: 'Imports an innkalling or referat as text (dry run unless apply is true) and reports what it did',
  })
  importDocument(
    @Ctx() ctx: GraphQLContext,
    @Arg('text', () => String) text: string,
    @Arg('apply', () => Boolean, { defaultValue: false }) apply: boolean,
  ) {
    return ctx.services.imports.importText(text, apply);
  }
}
