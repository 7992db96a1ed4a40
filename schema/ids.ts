/** Ids: every entity's primary key is a UUID (schema/entities/base.ts). The one check of whether a string can be one. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string can be an id at all (ids are UUIDs; nothing else may reach PostgreSQL's uuid parser). */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
