/**
 * The text extracted from stored files, for search: derived data keyed by the blob's sha256 (the same bytes are
 * read once), in a table of its own on either database (file_text; made at start, not in the entity model).
 */
import type { EntityManager } from '@mikro-orm/core';
import { RowReader } from '../db/rows.js';

export const FILE_TEXT_DDL = ['create table if not exists file_text (sha256 varchar(64) primary key, text text not null, extracted_at bigint not null)'];

export async function saveFileText(em: EntityManager, sha256: string, text: string): Promise<void> {
  await em.getConnection().execute(
    'insert into file_text (sha256, text, extracted_at) values (?, ?, ?) on conflict (sha256) do update set text = excluded.text, extracted_at = excluded.extracted_at',
    [sha256, text, Date.now()],
    'run',
  );
}

/** The extracted texts of these blobs (those not extracted yet are absent). */
export async function fileTexts(em: EntityManager, shas: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(shas)];
  const out = new Map<string, string>();
  for (let i = 0; i < wanted.length; i += 200) {
    const some = wanted.slice(i, i + 200);
    const rows = await em
      .getConnection()
      .execute<Array<{ sha256: string; text: string }>>(`select sha256, text from file_text where sha256 in (${RowReader.placeholders(some.length)})`, some);
    for (const r of rows) out.set(r.sha256, r.text);
  }
  return out;
}

export async function hasFileText(em: EntityManager, sha256: string): Promise<boolean> {
  return (await em.getConnection().execute<unknown[]>('select 1 as n from file_text where sha256 = ?', [sha256])).length > 0;
}

export async function deleteFileText(em: EntityManager, sha256: string): Promise<void> {
  await em.getConnection().execute('delete from file_text where sha256 = ?', [sha256], 'run');
}
