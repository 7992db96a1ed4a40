/**
 * npm run backup -- FILE [--force]     a consistent copy of the configured database (DATABASE_URL), while it runs
 * npm run restore -- FILE [--force]    into the configured database, which must be empty unless --force
 * SQLite backups are SQLite files (VACUUM INTO); PostgreSQL backups are pg_dump archives (custom format).
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { BackupError, backupDatabase, restoreDatabase } from './backup.js';

const [command, ...rest] = process.argv.slice(2);
const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { force: { type: 'boolean', default: false } } });
const file = positionals[0];

try {
  if ((command !== 'backup' && command !== 'restore') || !file || positionals.length > 1) {
    throw new BackupError('usage: npm run backup -- FILE [--force]   |   npm run restore -- FILE [--force]');
  }
  const config = loadConfig();
  const where = config.database.kind === 'sqlite' ? config.database.url : 'PostgreSQL (DATABASE_URL)';
  const started = Date.now();
  if (command === 'backup') {
    const bytes = await backupDatabase(config.database, file, { force: values.force });
    console.log(`backed up ${where} to ${file} (${(bytes / 1024).toFixed(0)} KiB, ${Date.now() - started} ms)`);
  } else {
    await restoreDatabase(config.database, file, { force: values.force });
    console.log(`restored ${file} into ${where} (${Date.now() - started} ms); start the server to serve it`);
  }
} catch (err) {
  if (!(err instanceof BackupError || err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exitCode = 2;
}
