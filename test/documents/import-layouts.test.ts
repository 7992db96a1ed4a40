/**
 * Layouts the issue lists that the corpus excerpts do not show: "Protokoll frå", "Møtende (vara)medlemmer",
 * "X (vara for Y)", "Fra administrasjonen", "Dessuten møtte", "Sak 44 /2014", "24a", "RS 3/19", "Ordførers
 * innstilling", "Framlegg til vedtak", "samrøystes"; and the table layout of the common case-handling systems
 * ("Følgende faste medlemmer møtte", "Møtte for", "Behandling i …", "FSK- 12/19 Vedtak:").
 */
import { describe, expect, it } from 'vitest';
import { readMeetingText } from '../../server/documents/parse/read-document.js';

describe('other spellings of the same things', () => {
  it('reads a nynorsk protokoll with the listed labels', () => {
    const r = readMeetingText(
      [
        'Protokoll frå møte i Kontrollutvalet 4. mars 2014 kl. 10.00',
        '',
        'Møtende medlemmer: Kari Nordmann, Ola Vik',
        'Møtende varamedlemmer: Per Berg (vara for Anne Lid)',
        'Forfall: Anne Lid',
        'Fra administrasjonen: Rådmann Jon Dal',
        'Dessuten møtte: Revisor Eva Sund',
        '',
        'Sak 44 /2014 Godkjenning av innkalling',
        'Ordførers innstilling: Innkallinga vert godkjend.',
        'Vedtak: Innkallinga vert godkjend.',
        'Samrøystes vedteke.',
        '',
        'Sak 24a/2014 Tilleggssak om budsjett',
        'Framlegg til vedtak: Saka vert teken til orientering.',
        '',
        'RS 3/14 Referatsaker',
      ].join('\n'),
    );
    const d = r.document;
    expect([d.kind, d.body, d.startsAt]).toEqual(['referat', 'Kontrollutvalet', '2014-03-04T10:00:00+01:00']);
    expect(d.present.map((a) => [a.name, a.substituteFor])).toEqual([
      ['Kari Nordmann', null],
      ['Ola Vik', null],
      ['Per Berg', 'Anne Lid'],
    ]);
    expect(d.absent.map((a) => a.name)).toEqual(['Anne Lid']);
    expect(d.secretariat.map((a) => a.name)).toEqual(['Rådmann Jon Dal', 'Revisor Eva Sund']);
    expect(d.items.map((i) => [i.number, i.title])).toEqual([
      ['44/2014', 'Godkjenning av innkalling'],
      ['24a/2014', 'Tilleggssak om budsjett'],
      ['03/2014', 'Referatsaker'],
    ]);
    expect(d.items[0]!.proposedDecision).toBe('Innkallinga vert godkjend.');
    expect(d.items[0]!.decision).toEqual({ text: 'Innkallinga vert godkjend.', voting: 'Samrøystes vedteke.' });
    expect(d.items[1]!.proposedDecision).toBe('Saka vert teken til orientering.');
  });

  it('reads the table layout of a case-handling system protocol', () => {
    const text = [
      'Møteprotokoll',
      '',
      'Utvalg:\tFormannskapet',
      'Møtested:\tRådhuset, møterom 1',
      'Dato:\t12.03.2019',
      'Tidspunkt:\t10:00 - 14:30',
      '',
      'Følgende faste medlemmer møtte:',
      'Navn\tFunksjon\tRepresenterer',
      'Ola Nordmann\tLeder\tAP',
      'Gro Lie\tMedlem\tSP',
      '',
      'Følgende medlemmer hadde forfall:',
      'Navn\tFunksjon\tRepresenterer',
      'Kari Hansen\tMedlem\tH',
      '',
      'Følgende varamedlemmer møtte:',
      'Navn\tMøtte for\tRepresenterer',
      'Per Olsen\tKari Hansen\tH',
      '',
      'Fra administrasjonen møtte:',
      'Navn\tStilling',
      'Jon Berg\tRådmann',
      '',
      'PS 12/19 Godkjenning av protokoll',
      '',
      'Rådmannens innstilling',
      'Protokollen godkjennes.',
      '',
      'Behandling i Formannskapet - 12.03.2019',
      '',
      'Enstemmig vedtatt.',
      '',
      'FSK- 12/19 Vedtak:',
      'Protokollen godkjennes.',
      '',
      'PS 13/19 Budsjett 2019',
      '',
      'Vedtak:',
      'Budsjettet vedtas.',
      'Vedtatt med 5 mot 2 stemmer.',
    ].join('\n');
    const d = readMeetingText(text).document;
    expect([d.kind, d.body, d.startsAt, d.endsAt, d.location]).toEqual([
      'referat',
      'Formannskapet',
      '2019-03-12T10:00:00+01:00',
      '2019-03-12T14:30:00+01:00',
      'Rådhuset, møterom 1',
    ]);
    expect(d.present.map((a) => [a.name, a.role, a.party, a.substituteFor])).toEqual([
      ['Ola Nordmann', 'Leder', 'AP', null],
      ['Gro Lie', 'Medlem', 'SP', null],
      ['Per Olsen', 'vara', 'H', 'Kari Hansen'],
    ]);
    expect(d.absent.map((a) => a.name)).toEqual(['Kari Hansen']);
    expect(d.secretariat.map((a) => [a.name, a.role])).toEqual([['Jon Berg', 'Rådmann']]);
    expect(d.items.map((i) => [i.number, i.proposedDecision, i.decision])).toEqual([
      ['12/2019', 'Protokollen godkjennes.', { text: 'Protokollen godkjennes.', voting: 'Enstemmig vedtatt.' }],
      ['13/2019', null, { text: 'Budsjettet vedtas.', voting: 'Vedtatt med 5 mot 2 stemmer.' }],
    ]);
  });

  it('a short web referat: lists on the label line end with their paragraph; "07 – 2022" numbers; a date is no clock time', () => {
    const r = readMeetingText(
      'Styremøte på Teams 17.02.22\n\nTilstede: Oddbjørn Kaasa, Elise V Moksnes og Bjørn Wæhre.\nForfall: Tone Våg og Tommy Røtting.\n\n' +
        '07 – 2022    Gjennomgang av årsmelding.\n\nÅrsmelding gjennomgått og gjort noen korrigeringer.\n',
    );
    const d = r.document;
    expect(d.startsAt).toBe('2022-02-17T00:00:00+01:00');
    expect(d.present.map((a) => a.name)).toEqual(['Oddbjørn Kaasa', 'Elise V Moksnes', 'Bjørn Wæhre']);
    expect(d.absent.map((a) => a.name)).toEqual(['Tone Våg', 'Tommy Røtting']);
    expect(d.items.map((i) => [i.number, i.notes])).toEqual([['07/2022', 'Årsmelding gjennomgått og gjort noen korrigeringer.']]);
  });
});
