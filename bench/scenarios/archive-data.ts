/**
 * The synthetic archive of the archive bench: `years` × `bodies` × `meetingsPerYear` meetings of `itemsPerMeeting`
 * items, with Norwegian texts from a fixed vocabulary and a seeded random generator (the same archive every run).
 *
 * Words: glue words, place names, 80 common nouns of council business in several forms, and 1 200 compounds drawn by
 * Zipf's law (a long tail of rare words, as real archives have).
 *
 * Built by direct bulk insert through the ORM (em.create + flush per body and year), not through the services: the
 * bench measures reading, and 1 200 meetings through GraphQL would take most of its time. Every meeting is approved
 * except the last year's last four (held, notice sent, two planned); one item in 25 is closed; every fourth item has
 * two sub-items.
 */
import type { EntityManager } from '@mikro-orm/core';
import { AgendaItem, Body, Decision, Meeting, Organisation, ProposedDecision, ProtocolEntry, SubItem } from '../../schema/entities/index.js';
import { AgendaItemKind, BodyKind, MeetingStatus, VoteOutcome } from '../../schema/enums.js';

export interface ArchiveSize {
  years: number;
  bodies: number;
  meetingsPerYear: number;
  itemsPerMeeting: number;
  firstYear: number;
}

export const FULL_ARCHIVE: ArchiveSize = { years: 20, bodies: 6, meetingsPerYear: 10, itemsPerMeeting: 12, firstYear: 2007 };

const BODY_NAMES = ['Rådmannsgruppen', 'Styringsgruppen', 'Generalforsamlingen', 'Helsenettverket', 'Samferdselsutvalget', 'Klimarådet'];
const MUNICIPALITIES = ['Asker', 'Bærum', 'Drammen', 'Lier', 'Røyken', 'Hurum', 'Kongsberg', 'Ringerike', 'Hole', 'Øvre Eiker', 'Modum', 'Sigdal'];
const NOUNS = [
  'budsjett', 'budsjettet', 'økonomiplan', 'økonomiplanen', 'tertialrapport', 'regnskap', 'regnskapet', 'årsmelding', 'samarbeidsavtale',
  'samarbeidsavtalen', 'kommunestyre', 'kommunestyret', 'kommune', 'kommunene', 'kommunenes', 'fylkeskommunen', 'vannforsyning', 'avløp',
  'renovasjon', 'barnehage', 'barnehagene', 'skole', 'skolene', 'helse', 'omsorg', 'legevakt', 'legevakten', 'samferdsel',
  'kollektivtrafikk', 'sykkelvei', 'arealplan', 'reguleringsplan', 'klima', 'miljø', 'beredskap', 'digitalisering', 'innkjøp', 'anbud',
  'vedtak', 'vedtaket', 'vedtakene', 'høring', 'høringen', 'uttalelse', 'orientering', 'prosjekt', 'prosjektet', 'prosjektene',
  'styringsgruppe', 'kommunedirektør', 'interkommunalt', 'selskap', 'eierstyring', 'representantskap', 'revisjon', 'kontrollutvalg',
  'tilskudd', 'søknad', 'søknaden', 'folkehelse', 'næringsutvikling', 'reiseliv', 'kulturminner', 'idrettsanlegg', 'bredbånd',
  'bredbåndsutbygging', 'flyktninger', 'integrering', 'boligsosialt', 'arbeidsgiverpolitikk', 'lønnsoppgjør', 'pensjon',
  'sykefravær', 'personvern', 'arkiv', 'innsyn', 'strategi', 'handlingsplan', 'rapport', 'evaluering', 'kartlegging', 'utredning',
];
/** Norwegian compounds (prefix + suffix, 1 200 of them), drawn with Zipf's law: a few common, a long tail of rare ones. */
const PREFIXES = [
  'vann', 'avløps', 'skole', 'barnehage', 'helse', 'omsorgs', 'sykkel', 'vei', 'bolig', 'nærings', 'kultur', 'idretts', 'klima', 'miljø',
  'beredskaps', 'arbeids', 'innkjøps', 'budsjett', 'regnskaps', 'økonomi', 'areal', 'regulerings', 'kollektiv', 'bredbånds',
  'digitaliserings', 'personal', 'lønns', 'pensjons', 'samarbeids', 'eier', 'styrings', 'prosjekt', 'tilskudds', 'folkehelse',
  'integrerings', 'reiselivs', 'havne', 'brann', 'renovasjons', 'landbruks',
];
const SUFFIXES = [
  'plan', 'sak', 'rapport', 'avtale', 'strategi', 'utvalg', 'prosjekt', 'tiltak', 'ordning', 'midler', 'område', 'tilbud', 'anlegg',
  'tjeneste', 'nettverk', 'forum', 'status', 'evaluering', 'kartlegging', 'utredning', 'budsjett', 'regnskap', 'søknad', 'program',
  'reglement', 'forskrift', 'oversikt', 'prioritering', 'samarbeid', 'kontor',
];
const COMPOUNDS = PREFIXES.flatMap((p) => SUFFIXES.map((x) => p + x));
const GLUE = ['og', 'i', 'for', 'til', 'med', 'om', 'av', 'på', 'at', 'det', 'som', 'er', 'en', 'et', 'den', 'fra', 'ved', 'etter'];
const VERBS = ['legger fram', 'drøftet', 'tar til orientering', 'anbefaler', 'slutter seg til', 'ber om', 'vedtar', 'godkjenner', 'utsetter'];

/** A small seeded generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class ArchiveText {
  private readonly r: () => number;
  constructor(seed: number) {
    this.r = rng(seed);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)]!;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  /** A compound by Zipf's law over a fixed (shuffled by index) order: rank k is drawn with weight 1/k. */
  compound(): string {
    const u = this.r();
    const k = Math.floor(Math.exp(u * Math.log(COMPOUNDS.length + 1))) - 1; // ≈ 1/k weights
    return COMPOUNDS[(Math.min(k, COMPOUNDS.length - 1) * 577) % COMPOUNDS.length]!;
  }
  word(): string {
    const x = this.r();
    if (x < 0.42) return this.pick(GLUE);
    if (x < 0.5) return this.pick(MUNICIPALITIES);
    if (x < 0.72) return this.pick(NOUNS);
    return this.compound();
  }
  sentence(): string {
    const words = [this.pick(BODY_NAMES), this.pick(VERBS)];
    const n = this.int(6, 14);
    for (let i = 0; i < n; i++) words.push(this.word());
    return `${words.join(' ')}.`;
  }
  text(sentences: [number, number]): string {
    return Array.from({ length: this.int(...sentences) }, () => this.sentence()).join(' ');
  }
  title(): string {
    const words = Array.from({ length: this.int(2, 4) }, () => (this.chance(0.3) ? this.pick(GLUE) : this.chance(0.5) ? this.compound() : this.pick(NOUNS)));
    if (this.chance(0.3)) words.push(this.pick(MUNICIPALITIES));
    const t = words.join(' ');
    return t.charAt(0).toUpperCase() + t.slice(1);
  }
}

export interface BuiltArchive {
  meetingIds: string[];
  bodySlugs: string[];
  items: number;
  subItems: number;
}

const slugOf = (name: string) => name.toLowerCase().replace(/å/g, 'a').replace(/ø/g, 'o').replace(/æ/g, 'ae').replace(/[^a-z0-9]+/g, '-');

/** Inserts the archive (see the module comment); `fork` gives a fresh EntityManager per batch. */
export async function buildArchive(fork: () => EntityManager, size: ArchiveSize, seed = 2026): Promise<BuiltArchive> {
  const gen = new ArchiveText(seed);
  const em0 = fork();
  const org = em0.create(Organisation, { name: 'Arkivregionen', slug: 'arkivregionen' });
  const bodies = BODY_NAMES.slice(0, size.bodies).map((name, i) =>
    em0.create(Body, { organisation: org, name, slug: slugOf(name), kind: i === 0 ? BodyKind.EXECUTIVE_GROUP : BodyKind.OTHER }),
  );
  await em0.flush();
  const out: BuiltArchive = { meetingIds: [], bodySlugs: bodies.map((b) => b.slug), items: 0, subItems: 0 };
  const lastYear = size.firstYear + size.years - 1;
  for (const [b, bodyRef] of bodies.entries()) {
    for (let year = size.firstYear; year <= lastYear; year++) {
      const em = fork();
      const body = em.getReference(Body, bodyRef.id);
      let sequence = 0;
      for (let k = 0; k < size.meetingsPerYear; k++) {
        const startsAt = new Date(Date.UTC(year, k + (k >= 6 ? 1 : 0), 10 + b, 8));
        const fromEnd = size.meetingsPerYear - k;
        const status =
          year < lastYear || fromEnd > 4
            ? MeetingStatus.MINUTES_APPROVED
            : [MeetingStatus.PLANNED, MeetingStatus.PLANNED, MeetingStatus.NOTICE_SENT, MeetingStatus.HELD][fromEnd - 1]!;
        const held = status === MeetingStatus.HELD || status === MeetingStatus.MINUTES_APPROVED;
        const meeting = em.create(Meeting, {
          body,
          startsAt,
          location: `${gen.pick(MUNICIPALITIES)} rådhus`,
          status,
          noticeSentAt: status === MeetingStatus.PLANNED ? null : startsAt,
          minutesApprovedAt: status === MeetingStatus.MINUTES_APPROVED ? startsAt : null,
        });
        out.meetingIds.push(meeting.id);
        for (let position = 1; position <= size.itemsPerMeeting; position++) {
          const first = position === 1;
          const closed = !first && gen.chance(0.04);
          const item = em.create(AgendaItem, {
            meeting,
            body,
            year,
            sequence: ++sequence,
            position,
            kind: first ? AgendaItemKind.MINUTES_APPROVAL : gen.chance(0.3) ? AgendaItemKind.ORIENTATION : AgendaItemKind.DECISION,
            title: first ? `Referat fra møte i ${BODY_NAMES[b]}` : gen.title(),
            introduction: gen.text([2, 5]),
            notes: held ? gen.text([2, 6]) : null,
            proposedDecision: Object.assign(new ProposedDecision(), { text: gen.text([1, 2]) }),
            decision: held ? Object.assign(new Decision(), { text: gen.text([1, 2]), adoptedAt: startsAt, voteOutcome: VoteOutcome.UNANIMOUS }) : null,
            public: !closed,
            closedLegalBasis: closed ? 'Offentleglova § 13, jf. forvaltningsloven § 13' : null,
            publicTitle: closed ? 'Personalsak' : null,
            archiveCaseNumber: gen.chance(0.5) ? `${String(year % 100).padStart(2, '0')}/${gen.int(100, 9999)}` : null,
          });
          out.items++;
          if (held && gen.chance(0.1)) em.create(ProtocolEntry, { agendaItem: item, text: gen.text([1, 2]), position: 1 });
          if (position % 4 === 0) {
            for (const [i, letter] of ['A', 'B'].entries()) {
              em.create(SubItem, {
                agendaItem: item,
                letter,
                position: i + 1,
                title: gen.title(),
                introduction: gen.text([1, 3]),
                notes: held ? gen.text([1, 3]) : null,
                decision: held ? Object.assign(new Decision(), { text: gen.text([1, 1]), adoptedAt: startsAt }) : null,
              });
              out.subItems++;
            }
          }
        }
      }
      await em.flush();
    }
  }
  return out;
}
