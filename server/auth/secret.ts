import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config.js';
import { ConfigError } from '../config.js';
import { sqlitePath } from '../db/orm.js';

/**
 * The key that signs tokens: AUTH_SECRET when set; on the embedded default (a SQLite file) one is generated once and
 * kept beside the database, so tokens survive restarts. A PostgreSQL deployment must set AUTH_SECRET.
 */
export function resolveAuthSecret(config: Config): Uint8Array {
  if (config.auth.secret) return new TextEncoder().encode(config.auth.secret);
  if (config.database.kind === 'sqlite') {
    const path = sqlitePath(config.database.url);
    if (path === ':memory:') return randomBytes(32);
    const file = join(dirname(resolve(path)), 'auth-secret');
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
    }
    return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
  }
  if (config.env === 'production') throw new ConfigError('AUTH_SECRET must be set (at least 32 characters) when DATABASE_URL is PostgreSQL.');
  return randomBytes(32);
}
