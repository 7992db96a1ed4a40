import { Entity, ManyToOne, Property, Unique, type Opt, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { BaseEntity } from './base.js';
import { Meeting } from './meeting.js';

/**
 * A vedlegg, numbered per meeting; one item may have several ("Vedlegg 3+4") and several items may share one.
 * An uploaded vedlegg holds a file: its bytes are stored by content (sha256) behind the server's file store.
 */
@ObjectType({ simpleResolvers: true, description: 'Attachment (vedlegg), numbered per meeting' })
@Entity({ tableName: 'attachment' })
@Unique({ properties: ['meeting', 'number'] })
export class Attachment extends BaseEntity {
  @ManyToOne(() => Meeting)
  meeting!: Rel<Meeting>;

  @Field(() => Int)
  @Property({ type: 'integer' })
  number!: number;

  @Field(() => String)
  @Property({ type: 'text' })
  title!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  fileName: string | null = null;

  @Field(() => String, { nullable: true, description: 'The media type; of an uploaded file, detected from its content' })
  @Property({ type: 'string', nullable: true })
  mimeType: string | null = null;

  @Field(() => String, { nullable: true, description: 'Where the file can be fetched' })
  @Property({ type: 'text', nullable: true })
  url: string | null = null;

  /** SHA-256 of the uploaded file (hex); null for a vedlegg without a file. The file store's key. */
  @Property({ type: 'string', length: 64, nullable: true, index: true })
  sha256: string | null = null;

  @Field(() => Int, { nullable: true, description: 'Size of the uploaded file in bytes' })
  @Property({ type: 'integer', nullable: true })
  size: number | null = null;

  @Field(() => Int, { nullable: true, description: 'Pages of an uploaded PDF (null for other files)' })
  @Property({ type: 'integer', nullable: true })
  pageCount: number | null = null;

  @Field(() => Boolean, { description: 'Open to the public (offentlig); false: unntatt offentlighet with a legal basis' })
  @Property({ type: 'boolean', default: true })
  public: Opt<boolean> = true;

  @Field(() => String, { nullable: true, description: 'Why a non-public vedlegg is withheld (offentleglova §)' })
  @Property({ type: 'text', nullable: true })
  legalBasis: string | null = null;
}
