import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One Yjs update accepted for a collaborative document, in the order the server accepted it.
 * The log (per document, by sequence number) is the truth; snapshots only shorten loading.
 */
@Entity({ tableName: 'document_update' })
export class DocumentUpdate {
  @PrimaryKey({ type: 'string' })
  docName!: string;

  @PrimaryKey({ type: 'integer' })
  seq!: number;

  @Property({ type: 'blob' })
  data!: Buffer;

  /** Connection that sent it (server transactions use "server:<reason>"). */
  @Property({ type: 'string' })
  origin!: string;

  @Property({ type: 'string', nullable: true })
  userId: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Opt<Date> = new Date();
}
