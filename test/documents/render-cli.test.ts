/** The render CLI as a child process: --synthetic N renders N meetings to files and reports progress and timings. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const cli = join(root, 'server', 'documents', 'render-cli.ts');
const out = mkdtempSync(join(tmpdir(), 'motebok-render-'));

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('render-cli --synthetic', () => {
  it('renders 3 synthetic meetings to PDF, DOCX and HTML, printing progress and times', async () => {
    const { stdout } = await run(tsx, [cli, '--out', out, '--format', 'pdf,docx,html', '--synthetic', '3'], {
      cwd: root,
      timeout: 120_000,
    });
    const lines = stdout.trim().split('\n');
    expect(lines.filter((l) => /^\[\d+\/3\] /.test(l))).toHaveLength(3);
    expect(lines[0]).toMatch(/^\[1\/3\] referat-radmannsgruppen-2018-01-11 .*pdf [\d.]+ ms, docx [\d.]+ ms, html [\d.]+ ms$/);
    expect(stdout).toMatch(/Rendered 3 of 3 documents/);
    for (const format of ['pdf', 'docx', 'html']) expect(stdout).toMatch(new RegExp(`${format} +3 documents +total [\\d.]+ s +[\\d.]+ ms per document`));

    const files = readdirSync(out).sort();
    expect(files).toHaveLength(9);
    for (const stem of ['referat-radmannsgruppen-2018-01-11', 'referat-styringsgruppen-2018-01-18', 'referat-generalforsamling-2018-01-25']) {
      for (const ext of ['pdf', 'docx', 'html']) expect(existsSync(join(out, `${stem}.${ext}`)), `${stem}.${ext}`).toBe(true);
    }
    expect(readFileSync(join(out, 'referat-radmannsgruppen-2018-01-11.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readFileSync(join(out, 'referat-radmannsgruppen-2018-01-11.docx')).subarray(0, 2).toString()).toBe('PK');
    const html = readFileSync(join(out, 'referat-radmannsgruppen-2018-01-11.html'), 'utf8');
    expect(html.match(/<section class="item">/g)).toHaveLength(10);
    expect(html).toContain('Unntatt offentlighet');
  });

  it('refuses bad arguments with a usage message', async () => {
    await expect(run(tsx, [cli, '--synthetic', '2'], { cwd: root })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--out DIR is required'),
    });
    await expect(run(tsx, [cli, '--out', out, '--format', 'odt', '--synthetic', '1'], { cwd: root })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Unknown format odt'),
    });
  });
});
