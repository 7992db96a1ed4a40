/**
 * npm run token -- create-user --name "Nina Solberg" [--email nina@example.no] [--admin]
 * npm run token -- grant --user nina@example.no --body radmannsgruppen --role SECRETARY|MEMBER
 * npm run token -- issue --user nina@example.no [--days 30]
 * npm run token -- revoke --user nina@example.no
 * npm run token -- list
 * Uses the configured database (DATABASE_URL) and signing key (AUTH_SECRET, or the embedded default's key file).
 */
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { RoleGrant, User } from '../../schema/entities/index.js';
import { BodyRole } from '../../schema/enums.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/orm.js';
import { resolveAuthSecret } from './secret.js';
import { TokenService } from './tokens.js';
import { createUser, findUser, grantRole, revokeTokens } from '../services/users.js';

const [command, ...rest] = process.argv.slice(2);
const { values } = parseArgs({
  args: rest,
  options: {
    name: { type: 'string' },
    email: { type: 'string' },
    admin: { type: 'boolean', default: false },
    user: { type: 'string' },
    body: { type: 'string' },
    role: { type: 'string' },
    days: { type: 'string' },
  },
});

const config = loadConfig();
const { orm } = await openDatabase(config.database, pino({ level: 'warn' }));
const em = orm.em.fork();
const tokens = new TokenService(resolveAuthSecret(config), config.auth.tokenTtlSeconds);
try {
  switch (command) {
    case 'create-user': {
      if (!values.name) throw new Error('--name is required');
      const user = await createUser(em, { name: values.name, email: values.email, isAdmin: values.admin });
      console.log(`created user ${user.name} (${user.id})${user.isAdmin ? ' as administrator' : ''}`);
      console.log(`token: ${await tokens.issue(user.id)}`);
      break;
    }
    case 'grant': {
      const role = values.role?.toUpperCase();
      if (!values.user || !values.body || (role !== BodyRole.SECRETARY && role !== BodyRole.MEMBER)) {
        throw new Error('usage: grant --user USER --body SLUG --role SECRETARY|MEMBER');
      }
      const user = await findUser(em, values.user);
      await grantRole(em, user, values.body, role as BodyRole);
      console.log(`${user.name} is now ${role} of ${values.body}`);
      break;
    }
    case 'issue': {
      if (!values.user) throw new Error('--user is required');
      const user = await findUser(em, values.user);
      const days = values.days ? Number(values.days) : config.auth.tokenTtlSeconds / 86_400;
      if (!Number.isFinite(days) || days <= 0) throw new Error('--days must be a positive number');
      console.log(await tokens.issue(user.id, Math.round(days * 86_400)));
      break;
    }
    case 'revoke': {
      if (!values.user) throw new Error('--user is required');
      const user = await findUser(em, values.user);
      await revokeTokens(em, user);
      console.log(`every token of ${user.name} issued before now is refused`);
      break;
    }
    case 'list': {
      for (const u of await em.find(User, {}, { orderBy: { name: 'asc' } })) {
        const grants = await em.find(RoleGrant, { user: u }, { populate: ['body'] });
        const roles = grants.map((g) => `${g.role} of ${g.body.slug}`).join(', ');
        console.log(`${u.name}\t${u.email ?? ''}\t${u.isAdmin ? 'admin' : ''}\t${roles}`);
      }
      break;
    }
    default:
      console.error('usage: npm run token -- create-user|grant|issue|revoke|list … (see server/auth/token-cli.ts)');
      process.exitCode = 2;
  }
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
} finally {
  await orm.close(true);
}
