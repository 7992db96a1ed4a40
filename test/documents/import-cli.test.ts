import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Meeting } from '../../schema/entities/index.js';
import { importFiles, main } from '../../server/documents/import-cli.js';
import { openDatabase, type Orm } from '../../server/db/orm.js';
import { fixturePath } from '../helpers/fixtures.js';

const INNKALLING = fixturePath('innkalling-radmannsgruppen-2017-09-14.txt');
const REFERAT = fixturePath('referat-radmannsgruppen-2017-09-14.txt');

describe('import command', () => {
  let dir: string;
  let orm: Orm;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'motebok-import-'));
    ({ orm } = await openDatabase({ kind: 'sqlite', url: 'sqlite::memory:', poolMax: 1 }, pino({ level: 'silent' })));
  });

  afterAll(async () => {
    await orm?.close(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a dry run plans all files in order, prints progress and writes nothing', async () => {
    const lines: string[] = [];
    const { reports, failures } = await importFiles(orm.em.fork(), [INNKALLING, REFERAT], { apply: false, write: (l) => lines.push(l) });
    expect(failures).toEqual([]);
    expect(lines[0]).toMatch(/^\[1\/2\] .*innkalling-radmannsgruppen-2017-09-14\.txt: innkalling Rådmannsgruppen 14\.09\.2017: meeting would be created; 32 to create/);
    // The referat is planned against the meeting the innkalling would create.
    expect(lines[1]).toMatch(/^\[2\/2\] .*: referat Rådmannsgruppen 14\.09\.2017: meeting exists; \d+ to create, 27 to change/);
    expect(reports.every((r) => !r.report.applied)).toBe(true);
    expect(await orm.em.fork().count(Meeting, {})).toBe(0);
  });

  it('--apply writes; unreadable and unparseable files fail', async () => {
    const junk = join(dir, 'junk.txt');
    writeFileSync(junk, 'Handleliste\n\nMelk\n');
    const lines: string[] = [];
    const { failures } = await importFiles(orm.em.fork(), [INNKALLING, join(dir, 'missing.txt'), junk, REFERAT], {
      apply: true,
      write: (l) => lines.push(l),
    });
    expect(failures.map((f) => f.file)).toEqual([join(dir, 'missing.txt'), junk]);
    expect(lines.filter((l) => l.startsWith('['))).toHaveLength(4);
    expect(lines.some((l) => l.startsWith('[2/4]') && l.includes('cannot read'))).toBe(true);
    expect(await orm.em.fork().count(Meeting, {})).toBe(1);
  });

  it('a folder of real documents: progress per file, a summary table, a report with unplaced lines, no failures', async () => {
    const folder = join(dir, 'corpus');
    mkdirSync(folder);
    for (const f of ['gloppen-valstyret-2015-01-15-protokoll.txt', 'skaun-kommunestyret-2015-08-19-innkalling.txt', 'README.md']) {
      copyFileSync(fixturePath(`corpus/${f}`), join(folder, f));
    }
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const saved = { ...process.env };
    try {
      process.env.DATABASE_URL = `sqlite:${join(dir, 'batch.sqlite')}`;
      process.env.LOG_LEVEL = 'silent';
      delete process.env.NODE_ENV;
      const report = join(dir, 'report.md');
      expect(await main(['node', 'import-cli', `${folder}/`, '--report', report])).toBe(0);
      const printed = out.mock.calls.map((c) => String(c[0])).join('');
      // The README is not a document; two files, in name order.
      expect(printed).toMatch(/\[1\/2\] .*gloppen.*: referat Valstyret 15\.01\.2015: meeting would be created/);
      expect(printed).toMatch(/\[2\/2\] .*skaun.*: innkalling Kommunestyret 19\.08\.2015/);
      expect(printed).toContain('| File | Format | Meeting | Saker | Present / forfall | Unplaced | Warnings | Result |');
      expect(printed).toMatch(/\| .*gloppen-valstyret-2015-01-15-protokoll\.txt \| text \| referat Valstyret 15\.01\.2015 \| 3; range 01\/2015–03\/2015 \| 5 \/ 0 \|/);
      expect(printed).toMatch(/skaun.* \| 6 \(6 flagged\) \|/);
      expect(printed).toContain('Checked 2 of 2 file(s)');
      const md = readFileSync(report, 'utf8');
      expect(md).toContain('# Import report (dry run)');
      expect(md).toContain('6 sak(er) whose number the source lost: kept in order, flagged');
    } finally {
      process.env = saved;
      out.mockRestore();
    }
  });

  it('a document with saker and no date anywhere needs --date, and imports with it', async () => {
    const file = join(dir, 'innkalling.txt');
    writeFileSync(file, 'Innkalling til møte i Kommunestyret.. kl. : på Kommunestyresalen.\n\nSak 1: Meldinger\nSak 2: Salg av øl på valgdagen\n');
    const lines: string[] = [];
    const first = await importFiles(orm.em.fork(), [file], { apply: false, write: (l) => lines.push(l) });
    expect(first.failures).toEqual([]);
    expect(first.needsInput).toHaveLength(1);
    expect(first.summaries[0]!.result).toBe('needs --date (2 saker found)');
    const second = await importFiles(orm.em.fork(), [file], { apply: false, date: '2015-08-19', write: (l) => lines.push(l) });
    expect(second.failures).toEqual([]);
    expect(second.reports[0]!.report.meeting).toMatchObject({ body: 'Kommunestyret', date: '2015-08-19' });
  });

  it('exits with 1 when a file cannot be parsed, 0 otherwise, 2 on a usage error', async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const saved = { ...process.env };
    try {
      process.env.DATABASE_URL = `sqlite:${join(dir, 'cli.sqlite')}`;
      process.env.LOG_LEVEL = 'silent';
      delete process.env.NODE_ENV;
      expect(await main(['node', 'import-cli'])).toBe(2);
      expect(await main(['node', 'import-cli', INNKALLING, REFERAT, '--apply'])).toBe(0);
      expect(await main(['node', 'import-cli', INNKALLING, join(dir, 'junk.txt')])).toBe(1);
      expect(out.mock.calls.map((c) => String(c[0])).join('')).toContain('Imported 2 of 2 file(s)');
    } finally {
      process.env = saved;
      out.mockRestore();
      err.mockRestore();
    }
  });
});
