import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/app.js';

const ME = `{ me { id name isAdmin roles { role body { slug } } } }`;

describe('me: who the token belongs to (sqlite)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('a secretary sees their name and their role per body', async () => {
    const token = await server.tokenFor('SECRETARY', 'radmannsgruppen');
    const { me } = await server.ok(ME, {}, token);
    expect(me).toMatchObject({ name: expect.stringMatching(/^Test secretary/), isAdmin: false, roles: [{ role: 'SECRETARY', body: { slug: 'radmannsgruppen' } }] });
  });

  it('the public is nobody: me is null, not an error', async () => {
    const res = await server.gql(ME, {}, 'public');
    expect(res.errors).toBeUndefined();
    expect(res.data.me).toBeNull();
  });

  it('an invalid token is refused with UNAUTHENTICATED', async () => {
    const res = await server.gql(ME, {}, 'not-a-token');
    expect(res.errors?.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
  });
});
