/** Visibility and filters as index tags (server/search/tags.ts): no database; the stores are tested in search-api. */
import { describe, expect, it } from 'vitest';
import type { IndexEntry } from '../../server/search/port.js';
import { entryTags, filterTags, yearRange, type TagExpr } from '../../server/search/tags.js';

/** Whether an entry's tags satisfy an expression (as FTS5 and tsquery evaluate it). */
function holds(x: TagExpr, tags: Set<string>): boolean {
  if (typeof x === 'boolean') return x;
  if ('tag' in x) return tags.has(x.tag);
  if ('and' in x) return x.and.every((y) => holds(y, tags));
  if ('or' in x) return x.or.some((y) => holds(y, tags));
  return holds(x.but[0], tags) && !holds(x.but[1], tags);
}

const entry = (year: number): IndexEntry => ({
  meetingId: 'm', bodyId: '6f1c9a52-0000-4000-8000-000000000001', year, startsAt: 0, status: 'HELD' as never, kind: 'AGENDA_ITEM',
  entityId: 'i', agendaItemId: 'i', itemKind: 'DECISION' as never, label: '', title: '', text: '', keys: [], hasDecision: true,
  audiences: new Set(['readers', 'publicNotice']),
});

describe('search tags', () => {
  it('a year range matches exactly the years in it, with few tags', () => {
    const years = [0, 999, 1000, 1899, 1900, 1999, 2000, 2007, 2009, 2010, 2015, 2019, 2020, 2026, 2099, 2100, 2999, 3000, 9999];
    const ranges: Array<[number | undefined, number | undefined]> = [
      [2015, 2020], [2007, 2026], [2010, 2019], [2000, 2999], [undefined, 2019], [2020, undefined], [1900, 2999], [2019, 2019], [2021, 2019],
    ];
    for (const [from, to] of ranges) {
      const x = yearRange(from, to);
      if (typeof x === 'object' && 'or' in x) expect(x.or.length).toBeLessThanOrEqual(40);
      for (const y of years) {
        const inside = (from === undefined || y >= from) && (to === undefined || y <= to);
        expect(holds(x, new Set(entryTags(entry(y)))), `${y} in ${from}..${to}`).toBe(inside);
      }
    }
  });

  it('filters: an empty list matches nothing; each filter its own fact', () => {
    const tags = new Set(entryTags(entry(2019)));
    expect(holds(filterTags({ bodyIds: [] }), tags)).toBe(false);
    expect(holds(filterTags({ bodyIds: ['6F1C9A52-0000-4000-8000-000000000001'] }), tags)).toBe(true);
    expect(holds(filterTags({ itemKinds: ['ORIENTATION' as never] }), tags)).toBe(false);
    expect(holds(filterTags({ hitKinds: ['AGENDA_ITEM'], statuses: ['HELD' as never], hasDecision: true }), tags)).toBe(true);
    expect(holds(filterTags({ hasDecision: false }), tags)).toBe(false);
    expect(holds(filterTags({}), tags)).toBe(true);
  });
});
