import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { Attachment } from '../../../schema/entities/index.js';
import { AddAttachmentInput, AttachmentLinkInput } from '../../../schema/inputs/index.js';
import type { GraphQLContext } from '../context.js';

@Resolver(() => Attachment)
export class AttachmentResolver {
  @Mutation(() => Attachment, { description: 'Adds a vedlegg to a meeting, optionally linked to items' })
  addAttachment(@Ctx() ctx: GraphQLContext, @Arg('input', () => AddAttachmentInput) input: AddAttachmentInput) {
    return ctx.services.attachments.add(input);
  }

  @Mutation(() => Boolean)
  removeAttachment(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string) {
    return ctx.services.attachments.remove(id);
  }

  @Mutation(() => Attachment)
  linkAttachment(@Ctx() ctx: GraphQLContext, @Arg('input', () => AttachmentLinkInput) input: AttachmentLinkInput) {
    return ctx.services.attachments.link(input, true);
  }

  @Mutation(() => Attachment)
  unlinkAttachment(@Ctx() ctx: GraphQLContext, @Arg('input', () => AttachmentLinkInput) input: AttachmentLinkInput) {
    return ctx.services.attachments.link(input, false);
  }
}
