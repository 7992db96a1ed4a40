import type { EntityManager } from '@mikro-orm/core';
import { Body, RoleGrant, User } from '../../schema/entities/index.js';
import type { BodyRole } from '../../schema/enums.js';
import { isUuid } from '../../schema/ids.js';
import { badInput, notFound } from '../errors.js';

/** Users and their roles: used by the token CLI, the start-up of the embedded default, and tests. */
export async function createUser(em: EntityManager, input: { name: string; email?: string | null; isAdmin?: boolean }): Promise<User> {
  const name = input.name.trim();
  if (!name) throw badInput('The name cannot be empty.', 'name');
  const user = em.create(User, { name, email: input.email?.trim().toLowerCase() || null, isAdmin: input.isAdmin ?? false });
  await em.flush();
  return user;
}

/** Finds a user by id, e-mail or exact name. */
export async function findUser(em: EntityManager, ref: string): Promise<User> {
  const user = await em.findOne(User, isUuid(ref) ? { id: ref } : { $or: [{ email: ref.toLowerCase() }, { name: ref }] });
  if (!user) throw notFound('User', ref);
  return user;
}

/** Gives a user a role in a body (replacing an earlier role there). */
export async function grantRole(em: EntityManager, user: User, bodySlug: string, role: BodyRole): Promise<RoleGrant> {
  const body = await em.findOne(Body, { slug: bodySlug });
  if (!body) throw notFound('Body', bodySlug);
  const existing = await em.findOne(RoleGrant, { user, body });
  const grant = existing ?? em.create(RoleGrant, { user, body, role });
  grant.role = role;
  await em.flush();
  return grant;
}

/** Tokens issued before now stop working (sign out everywhere). */
export async function revokeTokens(em: EntityManager, user: User): Promise<void> {
  user.tokensValidFrom = new Date();
  await em.flush();
}

/** Every calendar feed link of the user stops working; new ones are signed with the next version. */
export async function rotateCalendarFeeds(em: EntityManager, user: User): Promise<number> {
  user.calendarFeedVersion += 1;
  await em.flush();
  return user.calendarFeedVersion;
}
