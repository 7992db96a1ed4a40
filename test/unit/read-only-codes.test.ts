import { describe, expect, it } from 'vitest';
import { READ_ONLY_ACCESS_REASON, ReadOnlyCode, readOnlyCodeOf, readOnlyReason } from '../../collab/close-codes.js';
import { LOCKED_REASON } from '../../collab/minutes-binding.js';

describe('read-only reasons carry a code', () => {
  it('the locked referat says MINUTES_LOCKED, read-only access says READ_ONLY_ACCESS', () => {
    expect(readOnlyCodeOf(LOCKED_REASON)).toBe(ReadOnlyCode.minutesLocked);
    expect(LOCKED_REASON).toMatch(/^MINUTES_LOCKED: .*approved and locked/);
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
