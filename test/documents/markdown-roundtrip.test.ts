/**
 * Rendering the seeded meeting as Markdown, importing that Markdown into an empty database and rendering again
 * gives the same bytes (acceptance 2); every vedtak and forslag til vedtak of the seed appears verbatim.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgendaItem, Meeting } from '../../schema/entities/index.js';
import type { DocumentKind } from '../../schema/meeting-document.js';
import { systemImport } from '../../server/services/import/import-service.js';
import { gatherDocument } from '../../server/documents/gather-document.js';
import { parseDocument } from '../../server/documents/parse-common.js';
import { renderMarkdown } from '../../server/documents/render-markdown.js';
import type { Orm } from '../../server/db/orm.js';
import { exampleData, MEETING_RG_2017_09_14 } from '../../server/services/seed/example-data.js';
import { seedExample } from '../../server/services/seed/seed-example.js';
import { openMemoryOrm } from '../helpers/databases.js';


async function meetingId(orm: Orm): Promise<string> {
  const m = await orm.em.fork().findOneOrFail(Meeting, {
    body: { slug: 'radmannsgruppen' },
    startsAt: { $gte: new Date('2017-09-14T00:00:00+02:00'), $lt: new Date('2017-09-15T00:00:00+02:00') },
  });
  return m.id;
}

async function render(orm: Orm, kind: DocumentKind): Promise<string> {
  return renderMarkdown(await gatherDocument(orm.em.fork(), await meetingId(orm), kind));
}

async function importMarkdown(orm: Orm, md: string) {
  const parsed = parseDocument(md);
  return systemImport(orm.em.fork()).apply(parsed.document, { apply: true, unplaced: parsed.unplaced });
}

describe('Markdown of the seeded meeting', () => {
  let seeded: Orm;
  const md: Record<DocumentKind, string> = { innkalling: '', referat: '' };

  beforeAll(async () => {
    seeded = await openMemoryOrm();
    await seedExample(seeded.em.fork());
    md.innkalling = await render(seeded, 'innkalling');
    md.referat = await render(seeded, 'referat');
  });

  afterAll(async () => {
    await seeded?.close(true);
  });

  for (const kind of ['referat', 'innkalling'] as const) {
    it(`${kind}: render → import into an empty database → render again is byte-identical`, async () => {
      const fresh = await openMemoryOrm();
      try {
        const report = await importMarkdown(fresh, md[kind]);
        expect(report.unplaced).toEqual([]);
        expect(report.warnings).toEqual([]);
        expect(await render(fresh, kind)).toBe(md[kind]);
      } finally {
        await fresh.close(true);
      }
    });
  }

  it('importing both renderings gives the same documents as the seed', async () => {
    const fresh = await openMemoryOrm();
    try {
      await importMarkdown(fresh, md.innkalling);
      await importMarkdown(fresh, md.referat);
      for (const kind of ['innkalling', 'referat'] as const) {
        const expected = await gatherDocument(seeded.em.fork(), await meetingId(seeded), kind);
        const actual = await gatherDocument(fresh.em.fork(), await meetingId(fresh), kind);
        expect(actual).toEqual(expected);
      }
    } finally {
      await fresh.close(true);
    }
  });

  it('every vedtak and forslag til vedtak of the seed appears verbatim', () => {
    const meeting = exampleData.meetings.find((m) => m.key === MEETING_RG_2017_09_14)!;
    const holders = meeting.agendaItems.flatMap((i) => [i, ...i.subItems]);
    const vedtak = [meeting.noticeApproval, ...holders.map((h) => h.decision)].filter((d) => d !== null).map((d) => d.text);
    const forslag = holders.map((h) => h.proposedDecision).filter((p) => p !== null).map((p) => p.text);
    expect(vedtak).toHaveLength(11);
    expect(forslag).toHaveLength(8);
    for (const t of vedtak) expect(md.referat).toContain(`*Vedtak:*  \n${t}\n`);
    for (const t of forslag) expect(md.innkalling).toContain(`*Forslag til vedtak:*  \n${t}\n`);
  });

  it('has the customary layout', () => {
    const r = md.referat;
    expect(r.startsWith('## Referat fra møte i Rådmannsgruppen 14. september 2017\n\n**Tid:** Torsdag 14.09.2017 kl. 09.00 \u2013 11.00  \n**Sted:** Drammen rådhus  \n')).toBe(true);
    expect(r).toContain('**Til stede:** Erik Kjeldstadli, Bærum; Lars Bjerke, Asker;');
    expect(r).toContain('; Kjersti H. Berulf; Lars J. Tveit, Hurum; Steinar Valstad for Trond Julin, Drammen; Bente Gravdal, Lier;');
    expect(r).toContain('Per Morstad, Røyken (fra sak 25/2017)  \n');
    expect(r).toContain('**Sekretariatet:** Nina Solberg, Lena Hansson, Kjetil Axelsen og Kari Engen Sørensen  \n');
    expect(r).toContain('**Forfall:** Torger Ødegaard, Hole; Stig Rune Kroken, Krødsherad;');
    expect(r).toContain('### Godkjenning av innkalling og dagsorden\n\n*Vedtak:*  \nGodkjent.\n');
    expect(r).toContain('**Sak 21/2017 Referat fra møte i Rådmannsgruppen**\n\nVedlegg 1\n\nTil behandling forelår referat fra møte 01.06.2017\n\n*Vedtak:*');
    expect(r).toContain('**C BPA**\n\n*Sluttrapport revisjon og kontroll av lønns- og arbeidsforhold*\n\nVedlegg 10\n\nSekretariatet orienterte');
    expect(r).not.toContain('Forslag til vedtak');

    const i = md.innkalling;
    expect(i.startsWith('## Innkalling til møte i Rådmannsgruppen 14. september 2017\n\n**Tid:** Torsdag 14.09.2017 kl. 09.00 \u2013 12.00  \n')).toBe(true);
    expect(i).toContain('**Sted:** Rådhuset i Drammen, møterom Åssiden/Konnerud  \n**Dagsorden:** Godkjenning av innkalling og dagsorden  \nOrdinære saker\n');
    expect(i).toContain('**Sak 23/2017 Protokoll fra Vestregionens generalforsamling**\n\nVedlegg 3+4\n\nTil behandling foreligger');
    expect(i).toContain('*Forslag til vedtak:*  \nFormuleres i møtet.\n');
    expect(i).not.toContain('Til stede');
    expect(i).not.toContain('*Vedtak:*');

    for (const text of [r, i]) {
      expect(text.endsWith('\n')).toBe(true);
      expect(text).not.toMatch(/\n\n\n/);
      for (const line of text.split('\n')) {
        expect(line, line).not.toMatch(/^\s*[-*+]\s*$/); // an empty list marker
        expect((line.match(/\*\*/g) ?? []).length % 2, line).toBe(0); // unbalanced bold
        expect(line, line).not.toMatch(/\S\*\*\S/); // "25/2017**Tertialrapport"
      }
    }
  });

  it('takes notes and vedtak from the live referat when given', async () => {
    const em = seeded.em.fork();
    const id = await meetingId(seeded);
    const item = await em.findOneOrFail(AgendaItem, { meeting: id, sequence: 26 });
    const md2 = renderMarkdown(
      await gatherDocument(em, id, 'referat', {
        [item.id]: { notes: 'Levende notat.', decision: '', subItems: { B: { notes: 'Ny tekst for KomUt.', decision: 'Nytt vedtak.' } } },
      }),
    );
    expect(md2).toContain('**Sak 26/2017 Prosjekter innen prioriterte satsingsområder**\n\nLevende notat.\n\n**A Kommnehelsesamarbeidet**');
    expect(md2).toContain('**B KomUt**\n\nVedlegg 9\n\nNy tekst for KomUt.\n\n*Vedtak:*  \nNytt vedtak.\n');
    expect(md2).not.toContain('Prosjektleder orienterte');
  });
});
