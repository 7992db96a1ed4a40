import { ReferenceKind } from '@mikro-orm/core';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadMigrator, migrationNames, openDatabase, type Orm } from '../../server/db/orm.js';
import { createTestDatabase, dbKinds } from '../helpers/databases.js';

/** Every column every entity maps to, as "table.column". */
function expectedColumns(orm: Orm): string[] {
  const cols: string[] = [];
  for (const meta of Object.values(orm.getMetadata().getAll())) {
    if (meta.embeddable || meta.virtual || !meta.tableName) continue;
    for (const prop of meta.props) {
      if (prop.persist === false || prop.kind === ReferenceKind.ONE_TO_MANY || prop.kind === ReferenceKind.MANY_TO_MANY) continue;
      if (prop.kind === ReferenceKind.EMBEDDED && !prop.object) continue;
      for (const f of prop.fieldNames ?? []) cols.push(`${meta.tableName}.${f}`);
    }
  }
  return [...new Set(cols)].sort();
}

describe.each(dbKinds())('migrations (%s)', (kind) => {
  it('are complete: a migrated database has what the entities map to (run `npm run migration:create` after changing them)', async () => {
    const db = await createTestDatabase(kind);
    const { orm } = await openDatabase({ kind, url: db.url, poolMax: 2 }, pino({ level: 'silent' }));
    try {
      expect(await (await loadMigrator(orm, kind)).getPendingMigrations()).toEqual([]);
      if (kind === 'postgresql') {
        // PostgreSQL's schema comparator is exact: nothing may be left to change.
        const diff = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
        expect(diff.trim()).toBe('');
      } else {
        // SQLite's comparator reports table rebuilds for equal tables, so compare the columns themselves.
        const conn = orm.em.getConnection();
        const tables = (await conn.execute<{ name: string }[]>("select name from sqlite_master where type = 'table'")).map((t: { name: string }) => t.name);
        const actual: string[] = [];
        for (const t of tables) {
          for (const c of await conn.execute<{ name: string }[]>(`pragma table_info(\`${t}\`)`)) actual.push(`${t}.${c.name}`);
        }
        for (const col of expectedColumns(orm)) expect(actual).toContain(col);
      }
    } finally {
      await orm.close(true);
      await db.drop();
    }
  });

  it('are looked for on disk, and an up-to-date database opens without loading the migrator', async () => {
    const db = await createTestDatabase(kind);
    try {
      const first = await openDatabase({ kind, url: db.url, poolMax: 2 }, pino({ level: 'silent' }));
      await loadMigrator(first.orm, kind);
      const listed = (first.orm.config.get('migrations').migrationsList ?? []).map((m) => m.name);
      expect(migrationNames(kind).sort()).toEqual(listed.sort());
      await first.orm.close(true);
      const again = await openDatabase({ kind, url: db.url, poolMax: 2 }, pino({ level: 'silent' }));
      expect(again.orm.config.getExtension('@mikro-orm/migrator')).toBeUndefined();
      // A migration the table does not record (here: the last one's row removed) makes the next start run the migrator.
      const last = migrationNames(kind).sort().at(-1)!;
      await again.orm.em.getConnection().execute('delete from mikro_orm_migrations where name = ?', [last]);
      await again.orm.close(true);
      // (It fails here, since its tables exist; an idempotent migration would be recorded again.)
      const reopened = await openDatabase({ kind, url: db.url, poolMax: 2 }, pino({ level: 'silent' })).catch((err: Error) => err);
      if (reopened instanceof Error) expect(reopened.message).toMatch(/exists/i);
      else {
        expect(reopened.orm.config.getExtension('@mikro-orm/migrator')).toBeDefined();
        await reopened.orm.close(true);
      }
    } finally {
      await db.drop();
    }
  });
});
