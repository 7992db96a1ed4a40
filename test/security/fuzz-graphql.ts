/** GraphQL documents for fuzzing: valid operations with random values, broken syntax, deep nesting, token soup. */
import { randomBytes, randomString, type Rand } from './fuzz-random.js';

export function graphqlGenerator(rand: Rand, ctx: { meetingId: string; tokens: string[] }) {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const int = (max: number) => Math.floor(rand() * max);
  const uuid = () =>
    'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, () => int(16).toString(16));
  const ident = () => pick(['meetings', 'meeting', 'agendaItem', 'persons', 'bodies', 'foo', 'id', 'title', 'agendaItems', '__typename', '__schema', 'subItems', 'decision', `x${int(1000)}`]);
  const gqlString = (s: string) => JSON.stringify(s);
  const deep = (levels: number) => {
    let inner = 'id';
    for (let d = levels; d > 1; d--) inner = d % 2 === 0 ? `agendaItems { ${inner} }` : `meeting { ${inner} }`;
    return `{ meeting(id: ${gqlString(ctx.meetingId)}) { ${inner} } }`;
  };
  const valid = () =>
    pick([
      () => `{ meetings(filter: { year: ${int(3000) - 500}, bodySlug: ${gqlString(randomString(rand, 12))} }) { id title agendaItems { number } } }`,
      () => `{ meeting(id: ${gqlString(ctx.meetingId)}) { id status agendaItems { number title notes decision { text } } attendance { person { name } } } }`,
      () => `{ agendaItem(id: ${gqlString(uuid())}) { id } }`,
      () => `{ person(id: ${gqlString(rand() < 0.5 ? uuid() : randomString(rand, 50))}) { name } }`,
      () => `{ minutesVersions(meetingId: ${gqlString(ctx.meetingId)}) { id label } }`,
      () => `{ auditLog(meetingId: ${gqlString(ctx.meetingId)}, limit: ${int(2 ** 31) * (rand() < 0.5 ? -1 : 1)}) { action } }`,
      () => `{ minutesVersion(id: ${gqlString(uuid())}) { id } }`,
      () => `{ bodies { slug meetings { id status } memberships { role person { name } } } organisations { name } }`,
      () => `mutation { setMinutesText(input: { target: { agendaItemId: ${gqlString(uuid())} }, field: NOTES, text: ${gqlString(randomString(rand, 100))} }) { id } }`,
      () => `mutation { deleteMeeting(id: ${gqlString(uuid())}) }`,
      () => `mutation { removeAgendaItem(id: ${gqlString(uuid())}) }`,
      () => `mutation { updatePerson(id: ${gqlString(uuid())}, input: { name: ${gqlString(randomString(rand, 30))} }) { id } }`,
      () => `mutation { createMeeting(input: { bodyId: ${gqlString(uuid())}, startsAt: ${gqlString(randomString(rand, 25))} }) { id } }`,
      () => `mutation { approveMinutes(meetingId: ${gqlString(uuid())}) { id } }`,
      () => `mutation { recordDecision(input: { target: { agendaItemId: ${gqlString(uuid())}, subItemLetter: ${gqlString(randomString(rand, 3))} }, text: "x", vote: { outcome: UNANIMOUS, votesFor: ${int(2 ** 31)} } }) { id } }`,
    ])();
  const tokenSoup = () => {
    const tokens = ['{', '}', '(', ')', '[', ']', ':', '!', '$', '@', '...', '=', '|', '&', 'query', 'mutation', 'subscription', 'fragment', 'on', 'true', 'null', '"str"', '"""block"""', '42', '-1.5e9', 'meetings', 'id', '#c\n'];
    return Array.from({ length: 1 + int(200) }, () => (rand() < 0.8 ? pick(tokens) : ident())).join(' ');
  };
  const kinds: Array<[string, number, () => { body: string; headers?: Record<string, string> }]> = [
    ['valid-random-args', 22, () => ({ body: JSON.stringify({ query: valid() }) })],
    ['random-field-names', 10, () => ({ body: JSON.stringify({ query: `{ ${ident()} { ${ident()} ${ident()} { ${ident()} } } }` }) })],
    ['deep-nesting', 10, () => ({ body: JSON.stringify({ query: deep(2 + int(70)) }) })],
    ['token-soup', 12, () => ({ body: JSON.stringify({ query: tokenSoup() }) })],
    [
      'truncated-syntax',
      10,
      () => {
        const q = valid();
        return { body: JSON.stringify({ query: q.slice(0, int(q.length)) }) };
      },
    ],
    ['aliases', 5, () => ({ body: JSON.stringify({ query: `{ ${Array.from({ length: 1 + int(60) }, (_, i) => `a${i}: __typename`).join(' ')} }` }) })],
    ['fragment-cycle', 3, () => ({ body: JSON.stringify({ query: `query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }` }) })],
    ['directives', 4, () => ({ body: JSON.stringify({ query: `{ bodies ${Array.from({ length: int(40) }, () => pick(['@skip(if: false)', '@include(if: true)', '@nope', '@deprecated'])).join(' ')} { slug } }` }) })],
    [
      'bad-variables',
      6,
      () => ({
        body: JSON.stringify({
          query: `query ($y: Int!, $id: ID!) { meetings(filter: { year: $y }) { id } meeting(id: $id) { id } }`,
          variables: pick([{ y: 'x', id: 1 }, { y: 2 ** 40, id: null }, { y: [[[1]]], id: { a: 1 } }, null, 'str', { y: 2017, id: randomString(rand, 200) }]),
        }),
      }),
    ],
    ['not-json', 4, () => ({ body: pick(['{', '{"query": 5}', '[]', '[{"query":"{ bodies { slug } }"}]', 'null', '"q"', randomString(rand, 100)]) })],
    ['wrong-operation-name', 2, () => ({ body: JSON.stringify({ query: '{ bodies { slug } } query B { bodies { id } }', operationName: randomString(rand, 5) }) })],
    ['huge-string', 2, () => ({ body: JSON.stringify({ query: `{ meeting(id: ${gqlString('A'.repeat(100_000 + int(800_000)))}) { id } }` }) })],
    ['over-body-limit', 1, () => ({ body: JSON.stringify({ query: `{ meeting(id: ${gqlString('B'.repeat(1_100_000 + int(500_000)))}) { id } }` }) })],
  ];
  const total = kinds.reduce((n, [, w]) => n + w, 0);
  const authorization = () =>
    pick<() => string | null>([
      () => null,
      () => null,
      () => `Bearer ${pick(ctx.tokens)}`,
      () => `Bearer ${Buffer.from(randomBytes(rand, 60)).toString('base64')}`,
      () => 'Bearer ',
      () => `Basic ${Buffer.from('admin:admin').toString('base64')}`,
      () => `Bearer ${'e'.repeat(8_000)}`,
      () => `Bearer eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify({ sub: uuid(), iss: 'motebok', aud: 'motebok' })).toString('base64url')}.`,
    ])();
  return () => {
    let r = rand() * total;
    for (const [kind, weight, make] of kinds) {
      r -= weight;
      if (r < 0) {
        const { body } = make();
        return { kind, body, authorization: authorization() };
      }
    }
    throw new Error('unreachable');
  };
}
