import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { Attachment } from '../../../schema/entities/index.js';
import { AddAttachmentInput, AttachmentLinkInput, SetAttachmentPublicInput } from '../../../schema/inputs/index.js';
import type { GraphQLContext } from '../context.js';

@Resolver(() => Attachment)
export class AttachmentResolver {
  @FieldResolver(() => String, { nullable: true, description: 'The file name as uploaded (Norwegian letters kept)' })
  name(@Root() a: Attachment) {
    return a.fileName;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Media type of the file, detected from its content' })
  type(@Root() a: Attachment) {
    return a.mimeType;
  }

  @FieldResolver(() => String, { nullable: true, description: 'SHA-256 of the file (hex); also its ETag' })
  checksum(@Root() a: Attachment) {
    return a.sha256;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Where the file downloads (GET, with the Authorization header); null without a file' })
  downloadPath(@Root() a: Attachment) {
    return a.sha256 ? `/attachments/${a.id}/file` : null;
  }

  @Mutation(() => Attachment, { description: 'Adds a vedlegg to a meeting, optionally linked to items' })
  addAttachment(@Ctx() ctx: GraphQLContext, @Arg('input', () => AddAttachmentInput) input: AddAttachmentInput) {
    return ctx.services.attachments.add(input);
  }

  @Mutation(() => Boolean, { description: "Removes a vedlegg; its file's bytes stay while another vedlegg uses them" })
  removeAttachment(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string) {
    return ctx.services.attachments.remove(id);
  }

  @Mutation(() => Attachment, { description: 'Gives a vedlegg another number (1 = first) and renumbers the rest; only before the innkalling is sent' })
  moveAttachment(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('number', () => Int) number: number) {
    return ctx.services.attachments.move(id, number);
  }

  @Mutation(() => Attachment)
  linkAttachment(@Ctx() ctx: GraphQLContext, @Arg('input', () => AttachmentLinkInput) input: AttachmentLinkInput) {
    return ctx.services.attachments.link(input, true);
  }

  @Mutation(() => Attachment)
  unlinkAttachment(@Ctx() ctx: GraphQLContext, @Arg('input', () => AttachmentLinkInput) input: AttachmentLinkInput) {
    return ctx.services.attachments.link(input, false);
  }

  @Mutation(() => Attachment, { description: 'Makes a vedlegg public, or withholds it with its legal basis (offentleglova §)' })
  setAttachmentPublic(@Ctx() ctx: GraphQLContext, @Arg('input', () => SetAttachmentPublicInput) input: SetAttachmentPublicInput) {
    return ctx.services.files.setPublic(input);
  }
}
