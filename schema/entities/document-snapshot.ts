import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/** The compacted state of a document: every update up to and including `seq`, merged. */
@Entity({ tableName: 'document_snapshot' })
export class DocumentSnapshot {
  @PrimaryKey({ type: 'string' })
  docName!: string;

  @Property({ type: 'integer' })
  seq!: number;

  @Property({ type: 'blob' })
  state!: Buffer;

  @Property({ type: 'datetime' })
  updatedAt: Opt<Date> = new Date();
}
