import { Field, ObjectType } from 'type-graphql';

@ObjectType({ simpleResolvers: true, description: 'A short-lived link signed for one resource (a document or file) and one viewer' })
export class ResourceLink {
  @Field(() => String, { description: 'The absolute address (PUBLIC_URL, or where the server listens)' })
  url!: string;

  @Field(() => String, { description: 'The same, relative to the server: path and query with the signature' })
  path!: string;

  @Field(() => Date, { description: 'The link stops working then (a few minutes)' })
  expiresAt!: Date;
}

@ObjectType({ simpleResolvers: true, description: "A single-use ticket that opens one meeting's live referat (y-websocket params: { ticket })" })
export class CollabTicket {
  @Field(() => String)
  ticket!: string;

  @Field(() => String, { description: 'The document it opens: minutes:<meetingId>' })
  docName!: string;

  @Field(() => Date, { description: 'Unused tickets stop working then (a minute)' })
  expiresAt!: Date;
}
