import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../schema/connection.js';
import { AuditEntry, Meeting } from '../../schema/entities/index.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../services/pagination.js';

/** The concrete cursor connections of the API (one line each; the shape is schema/connection.ts). */
@ObjectType({ description: 'A page of meetings, newest first' })
export class MeetingConnection extends Connection(Meeting) {}

@ObjectType({ description: 'A page of the audit trail, newest first' })
export class AuditEntryConnection extends Connection(AuditEntry) {}

/** Relay's forward paging arguments, shared by every connection field. */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `How many to return: 0–${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page' })
  after?: string | null;
}
