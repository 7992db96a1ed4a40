/** The example's people: who is a member of Rådmannsgruppen, and who attended the meeting of 14.09.2017. */
import type { ExamplePerson, ExampleMembership, ExampleAttendance } from './example-types.js';

export const RG = 'radmannsgruppen';
export const SG = 'styringsgruppen';
export const GF = 'generalforsamling';

/** Keys of the meetings. */
export const MEETING_RG_2017_06_01 = 'radmannsgruppen-2017-06-01';
export const MEETING_SG_2017_06_15 = 'styringsgruppen-2017-06-15';
export const MEETING_GF_2017_06_15 = 'generalforsamling-2017-06-15';
export const MEETING_RG_2017_09_14 = 'radmannsgruppen-2017-09-14';

/** Til stede, in the order of the referat. */
export const present: ExamplePerson[] = [
  { name: 'Erik Kjeldstadli', municipality: 'Bærum' },
  { name: 'Lars Bjerke', municipality: 'Asker' },
  { name: 'Per Kierulf', municipality: 'Akershus' },
  { name: 'Trude Andresen', municipality: 'Øvre Eiker' },
  { name: 'Georg N. Smedhus', municipality: 'Buskerud' },
  // The referat gives no municipality for her.
  { name: 'Kjersti H. Berulf', municipality: null },
  { name: 'Lars J. Tveit', municipality: 'Hurum' },
  // "Steinar Valstad for Trond Julin, Drammen"
  { name: 'Steinar Valstad', municipality: 'Drammen' },
  // Printed "Bente Gravdal Lier," (comma missing); she was rådmann of Lier.
  { name: 'Bente Gravdal', municipality: 'Lier' },
  { name: 'Øyvind Brandt', municipality: 'Bærum' },
  // "(fra sak 25/2017)"
  { name: 'Per Morstad', municipality: 'Røyken' },
];

/** Named only as the member Steinar Valstad stood in for; neither present nor listed under forfall. */
export const substituted: ExamplePerson = { name: 'Trond Julin', municipality: 'Drammen' };

/** "Sekretariatet: Nina Solberg, Lena Hansson, Kjetil Axelsen og Kari Engen Sørensen" */
export const secretariat: ExamplePerson[] = [
  { name: 'Nina Solberg', municipality: null },
  { name: 'Lena Hansson', municipality: null },
  { name: 'Kjetil Axelsen', municipality: null },
  { name: 'Kari Engen Sørensen', municipality: null },
];

/** Forfall, in the order of the referat. */
export const absent: ExamplePerson[] = [
  { name: 'Torger Ødegaard', municipality: 'Hole' },
  { name: 'Stig Rune Kroken', municipality: 'Krødsherad' },
  { name: 'Aud Norunn Strand', municipality: 'Modum' },
  { name: 'Truls Hvitstein', municipality: 'Nedre Eiker' },
  { name: 'Tore Isaksen', municipality: 'Ringerike' },
  { name: 'Olav Grande', municipality: 'Sande' },
  { name: 'Jostein Harm', municipality: 'Sigdal' },
];

export const SUBSTITUTE = 'Steinar Valstad';

export const memberships: ExampleMembership[] = [
  ...[...present, substituted, ...absent].map(
    (p): ExampleMembership => ({
      person: p.name,
      body: RG,
      role: p.name === SUBSTITUTE ? 'DEPUTY' : 'MEMBER',
      validFrom: '2017-01-01',
      validTo: null,
    }),
  ),
  ...secretariat.map(
    (p): ExampleMembership => ({ person: p.name, body: RG, role: 'SECRETARIAT', validFrom: '2017-01-01', validTo: null }),
  ),
];

export const attendance: ExampleAttendance[] = [
  ...present.map(
    (p): Omit<ExampleAttendance, 'position'> => ({
      person: p.name,
      role: p.name === SUBSTITUTE ? 'SUBSTITUTE' : 'MEMBER',
      status: 'PRESENT',
      substituteFor: p.name === SUBSTITUTE ? substituted.name : null,
      fromItem: p.name === 'Per Morstad' ? 25 : null,
    }),
  ),
  ...secretariat.map(
    (p): Omit<ExampleAttendance, 'position'> => ({
      person: p.name,
      role: 'SECRETARIAT',
      status: 'PRESENT',
      substituteFor: null,
      fromItem: null,
    }),
  ),
  ...absent.map(
    (p): Omit<ExampleAttendance, 'position'> => ({
      person: p.name,
      role: 'MEMBER',
      status: 'ABSENT_WITH_NOTICE',
      substituteFor: null,
      fromItem: null,
    }),
  ),
].map((a, i) => ({ ...a, position: i + 1 }));

/** Decisions are adopted during the meeting: 09:00 + 10 minutes × item position (sub-items: + letter position minutes). */
