/**
 * The search index binds what it stores: a long text travels as a bound value, never inside the SQL text (MikroORM's
 * Connection.execute writes values into the statement, which made a 5 MB paste a 5 MB statement to escape, lowercase
 * and prepare on every re-index). Every statement knex sends is watched through its 'query' event.
 */
import type { Knex } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { dbKinds } from '../helpers/databases.js';
import { buildMeeting, labels, search, setText } from './support.js';

describe.each(dbKinds())('search index statements (%s)', (kind) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(kind);
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  it('stores a long text as a bound value, not in the SQL text', async () => {
    const meeting = await buildMeeting(server, { body: 'radmannsgruppen', startsAt: '2024-02-01T08:00:00Z', items: [{ title: 'Lang tekst' }] });
    await server.app.search.flush();
    const longText = `${'Fjelloverganger og brøyting. '.repeat(5_000)}Sluttordet kvernsteinsbrudd.`; // ≈ 145 KB (the API's limit is 200 000)
    await setText(server, meeting.items[0]!.id, 'NOTES', longText);

    const knex = (server.app.orm.em.getConnection() as unknown as { getKnex(): Knex }).getKnex();
    const longest: number[] = [];
    const watch = (q: { sql?: string }) => void longest.push(q.sql?.length ?? 0);
    knex.on('query', watch);
    try {
      await server.app.search.flush();
    } finally {
      knex.removeListener('query', watch);
    }
    expect(longest.length).toBeGreaterThan(0); // the re-index ran and was watched
    expect(Math.max(...longest)).toBeLessThan(10_000);
    expect(labels(await search(server, 'kvernsteinsbrudd'))).toEqual(['Sak 01/2024']);
  });
});
