import { describe, expect, it } from 'vitest';
import { formatItemNumber, parseItemNumber } from '../../schema/item-number.js';

describe('formatItemNumber', () => {
  it('pads the sequence to two digits', () => {
    expect(formatItemNumber(6, 2017)).toBe('06/2017');
    expect(formatItemNumber(1, 2018)).toBe('01/2018');
    expect(formatItemNumber(21, 2017)).toBe('21/2017');
  });

  it('keeps longer sequences and adds a suffix after the sequence', () => {
    expect(formatItemNumber(123, 2017)).toBe('123/2017');
    expect(formatItemNumber(24, 2017, 'a')).toBe('24a/2017');
    expect(formatItemNumber(5, 2017, 'b')).toBe('05b/2017');
  });
});

describe('parseItemNumber', () => {
  it.each([
    ['21/2017', { sequence: 21, suffix: '', year: 2017 }],
    ['06/2017', { sequence: 6, suffix: '', year: 2017 }],
    ['2017/21', { sequence: 21, suffix: '', year: 2017 }],
    ['Sak 24a/2017', { sequence: 24, suffix: 'a', year: 2017 }],
    ['sak 24A/2017', { sequence: 24, suffix: 'a', year: 2017 }],
    ['Sak 44 /2014', { sequence: 44, suffix: '', year: 2014 }],
    ['14/07', { sequence: 14, suffix: '', year: 2007 }],
    ['21/17', { sequence: 21, suffix: '', year: 2017 }],
    ['  Sak 28/2017  ', { sequence: 28, suffix: '', year: 2017 }],
    ['sak 1 / 2018', { sequence: 1, suffix: '', year: 2018 }],
  ])('reads %j', (text, expected) => {
    expect(parseItemNumber(text)).toEqual(expected);
  });

  it('round-trips what formatItemNumber prints', () => {
    for (const [seq, year, suffix] of [[1, 2018, ''], [6, 2017, ''], [24, 2017, 'a'], [99, 2030, ''], [123, 2017, '']] as const) {
      expect(parseItemNumber(formatItemNumber(seq, year, suffix))).toEqual({ sequence: seq, suffix, year });
    }
  });

  it.each([[''], ['Sak'], ['21'], ['21-2017'], ['0/2017'], ['21/2017/3'], ['Sak ab/2017'], ['Vedlegg 3+4']])('%j is no item number', (text) => {
    expect(parseItemNumber(text)).toBeNull();
  });

  it('the short form "sequence/yy" keeps the sequence even when it is above 31 ("44/14" is sak 44 of 2014)', () => {
    // Short form as in "21/17" and "14/07": the first number is the sequence, the second a two-digit year.
    expect(parseItemNumber('44/14')).toEqual({ sequence: 44, suffix: '', year: 2014 });
    expect(parseItemNumber('32/07')).toEqual({ sequence: 32, suffix: '', year: 2007 });
  });
});
