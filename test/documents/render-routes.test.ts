/** The document routes: content types, file names, versions, and JSON errors for unknown meetings and formats. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import mammoth from 'mammoth';
import { pino } from 'pino';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentKind, MeetingDocument } from '../../schema/meeting-document.js';
import { syntheticMeeting } from '../../server/documents/render-cli.js';
import { documentRoutes } from '../../server/documents/document-routes.js';

/** Meeting "m1" on 14.09.2017 in Rådmannsgruppen; version "v1" has another title on its first item. */
function load(meetingId: string, kind: DocumentKind, version: string | undefined): Promise<MeetingDocument | null> {
  if (meetingId === 'boom') return Promise.reject(new Error('database down'));
  if (meetingId === 'bad') return Promise.reject(Object.assign(new Error('Meeting bad is not a valid id.'), { extensions: { code: 'BAD_USER_INPUT' } }));
  if (meetingId !== 'm1' || (version !== undefined && version !== 'v1')) return Promise.resolve(null);
  const doc: MeetingDocument = {
    ...syntheticMeeting(0, kind, 3),
    body: 'Rådmannsgruppen',
    startsAt: '2017-09-14T09:00:00+02:00',
    endsAt: '2017-09-14T11:00:00+02:00',
  };
  doc.items[0]!.title = version === 'v1' ? 'Versjon én – <b>gammel</b>' : 'Gjeldende tittel';
  return Promise.resolve(doc);
}

let server: Server;
let base = '';
const calls: Array<[string, DocumentKind, string | undefined]> = [];

beforeAll(async () => {
  const app = express();
  app.use(
    documentRoutes({
      loadDocument: (id, kind, version) => {
        calls.push([id, kind, version]);
        return load(id, kind, version);
      },
      renderMarkdown: (doc) => `# ${doc.kind} ${doc.body}\n\n${doc.items.map((i) => `Sak ${i.number} ${i.title}`).join('\n')}\n`,
      log: pino({ level: 'silent' }),
    }),
  );
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

describe('GET /meetings/:id/{innkalling,referat}.:format', () => {
  it.each([
    ['referat', 'md', 'text/markdown; charset=utf-8', 'inline'],
    ['referat', 'html', 'text/html; charset=utf-8', 'inline'],
    ['innkalling', 'docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'attachment'],
    ['referat', 'pdf', 'application/pdf', 'attachment'],
  ])('%s.%s is served as %s', async (kind, format, type, disposition) => {
    const res = await fetch(`${base}/meetings/m1/${kind}.${format}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('content-disposition')).toBe(`${disposition}; filename="${kind}-radmannsgruppen-2017-09-14.${format}"`);
    const body = Buffer.from(await res.arrayBuffer());
    let text: string;
    if (format === 'pdf') text = (await extractText(new Uint8Array(body), { mergePages: true })).text;
    else if (format === 'docx') text = (await mammoth.extractRawText({ buffer: body })).value;
    else text = body.toString('utf8');
    expect(text).toContain('Gjeldende tittel');
    expect(text).toContain('Rådmannsgruppen');
  });

  it('passes ?version= to loadDocument and renders that version', async () => {
    calls.length = 0;
    const res = await fetch(`${base}/meetings/m1/referat.html?version=v1`);
    expect(res.status).toBe(200);
    expect(calls).toEqual([['m1', 'referat', 'v1']]);
    const html = await res.text();
    expect(html).toContain('Versjon én – &lt;b&gt;gammel&lt;/b&gt;');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('answers 404 NOT_FOUND for an unknown meeting or version', async () => {
    for (const url of ['/meetings/nope/referat.pdf', '/meetings/m1/innkalling.html?version=v999']) {
      const res = await fetch(base + url);
      expect(res.status, url).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('NOT_FOUND');
      expect(body.error.message).toMatch(/nope|v999/);
    }
  });

  it('answers 400 BAD_USER_INPUT for an unknown format or a repeated version', async () => {
    for (const url of ['/meetings/m1/referat.odt', '/meetings/m1/referat.pdf?version=a&version=b']) {
      const res = await fetch(base + url);
      expect(res.status, url).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('BAD_USER_INPUT');
    }
    const res = await fetch(`${base}/meetings/m1/referat.odt`);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('md, html, docx, pdf');
  });

  it('passes on codes thrown by loadDocument and hides other errors', async () => {
    const bad = await fetch(`${base}/meetings/bad/referat.pdf`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { code: 'BAD_USER_INPUT', message: 'Meeting bad is not a valid id.' } });
    const boom = await fetch(`${base}/meetings/boom/referat.pdf`);
    expect(boom.status).toBe(500);
    expect(await boom.json()).toEqual({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'The document could not be loaded.' } });
  });

  it('leaves other paths to the next handler', async () => {
    const res = await fetch(`${base}/meetings/m1/protokoll.pdf`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type') ?? '').not.toMatch(/json/);
  });
});
