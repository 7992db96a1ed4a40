import { describe, expect, it } from 'vitest';
import { READ_ONLY_ACCESS_REASON, ReadOnlyCode, readOnlyCodeOf, readOnlyReason } from '../../collab/close-codes.js';
import { LOCKED_REASON } from '../../collab/minutes-binding.js';
import { MINUTES_LOCKED, READ_ONLY_ACCESS, readOnlyFromReason, readOnlyText } from '../../web/src/live/read-only.js';

describe('read-only reasons carry a code', () => {
  it('the locked referat says MINUTES_LOCKED, read-only access says READ_ONLY_ACCESS', () => {
    expect(readOnlyCodeOf(LOCKED_REASON)).toBe(ReadOnlyCode.minutesLocked);
    expect(LOCKED_REASON).toMatch(/^MINUTES_LOCKED: .*approved and locked/);
    expect(READ_ONLY_ACCESS_REASON).toMatch(/^READ_ONLY_ACCESS: /);
    expect(readOnlyCodeOf(READ_ONLY_ACCESS_REASON)).toBe(ReadOnlyCode.readOnlyAccess);
    expect(readOnlyCodeOf(readOnlyReason(ReadOnlyCode.readOnlyAccess, 'members read'))).toBe(ReadOnlyCode.readOnlyAccess);
  });

  it('words without a known code have none', () => {
    expect(readOnlyCodeOf('minutes approved')).toBeNull();
    expect(readOnlyCodeOf('SOMETHING_ELSE: words')).toBeNull();
    expect(readOnlyCodeOf('MINUTES_LOCKED')).toBeNull();
    expect(readOnlyCodeOf('The minutes are approved and locked')).toBeNull();
  });
});

describe("the web editor reads the server's codes", () => {
  it('the locked referat and read-only access, whatever the words', () => {
    expect(readOnlyFromReason(LOCKED_REASON).code).toBe(MINUTES_LOCKED);
    expect(readOnlyText(readOnlyFromReason(LOCKED_REASON))).toBe('referatet er godkjent og låst, og kan leses men ikke endres');
    expect(readOnlyFromReason(READ_ONLY_ACCESS_REASON).code).toBe(READ_ONLY_ACCESS);
    expect(readOnlyFromReason(readOnlyReason(ReadOnlyCode.minutesLocked, 'andre ord')).code).toBe(MINUTES_LOCKED);
    // Its copies of the codes are the server's.
    expect([MINUTES_LOCKED, READ_ONLY_ACCESS].sort()).toEqual(Object.values(ReadOnlyCode).sort());
  });

  it('a reason without a code is shown as the server says it; no English is matched', () => {
    expect(readOnlyFromReason('minutes approved')).toEqual({ code: null, words: 'minutes approved' });
    expect(readOnlyText(readOnlyFromReason('The minutes are approved and locked'))).toBe('The minutes are approved and locked');
  });
});
