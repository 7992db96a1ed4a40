/** Tokens for the roles the authorisation policy knows, and the user behind a token. */
import { randomBytes } from 'node:crypto';
import { User } from '../../schema/entities/index.js';
import { BodyRole } from '../../schema/enums.js';
import { TokenService } from '../../server/auth/tokens.js';
import { type TestServer } from './app.js';

/** The roles of the authorisation matrix. */
export type Role = 'admin' | 'secretaryRG' | 'secretarySG' | 'memberRG' | 'public' | 'invalidToken';
export const ROLES: Role[] = ['admin', 'secretaryRG', 'secretarySG', 'memberRG', 'public', 'invalidToken'];

/** What gql() takes as `as`: a token, or 'public' for none. */
export type Tokens = Record<Role, string>;

/**
 * One token per role: an administrator, a secretary of Rådmannsgruppen, a secretary of Styringsgruppen, a member of
 * Rådmannsgruppen, no token at all, and a well-formed token signed with another key (invalid).
 */
export async function roleTokens(server: TestServer): Promise<Tokens> {
  const [admin, secretaryRG, secretarySG, memberRG] = await Promise.all([
    server.tokenFor('ADMIN'),
    server.tokenFor(BodyRole.SECRETARY, 'radmannsgruppen'),
    server.tokenFor(BodyRole.SECRETARY, 'styringsgruppen'),
    server.tokenFor(BodyRole.MEMBER, 'radmannsgruppen'),
  ]);
  // A real user's id, signed with a key the server does not have.
  const claims = await server.app.tokens.verify(admin);
  const forged = await new TokenService(randomBytes(32), 3600).issue(claims!.userId);
  return { admin, secretaryRG, secretarySG, memberRG, public: 'public', invalidToken: forged };
}

/** The user behind a token (id and name). */
export async function userOf(server: TestServer, token: string): Promise<{ id: string; name: string }> {
  const claims = await server.app.tokens.verify(token);
  if (!claims) throw new Error('not a valid token of this server');
  const user = await server.app.orm.em.fork().findOneOrFail(User, { id: claims.userId });
  return { id: user.id, name: user.name };
}
