import type { EntityManager } from '@mikro-orm/core';
import { Body, User } from '../../schema/entities/index.js';
import { BodyRole } from '../../schema/enums.js';
import { createUser, grantRole } from '../services/users.js';
import type { TokenService } from './tokens.js';

export const DEV_SECRETARY_EMAIL = 'sekretariatet@example.invalid';
export const DEV_ADMIN_EMAIL = 'admin@example.invalid';

/**
 * On the embedded default: an example secretary of Rådmannsgruppen and an administrator, with tokens to print,
 * so that the README's first steps work at once.
 */
export async function ensureDevUsers(em: EntityManager, tokens: TokenService): Promise<{ secretary: string; admin: string } | null> {
  const body = await em.findOne(Body, { slug: 'radmannsgruppen' });
  if (!body) return null;
  let secretary = await em.findOne(User, { email: DEV_SECRETARY_EMAIL });
  if (!secretary) {
    secretary = await createUser(em, { name: 'Sekretariatet (eksempel)', email: DEV_SECRETARY_EMAIL });
    await grantRole(em, secretary, body.slug, BodyRole.SECRETARY);
  }
  let admin = await em.findOne(User, { email: DEV_ADMIN_EMAIL });
  if (!admin) admin = await createUser(em, { name: 'Administrator (eksempel)', email: DEV_ADMIN_EMAIL, isAdmin: true });
  return { secretary: await tokens.issue(secretary.id), admin: await tokens.issue(admin.id) };
}
