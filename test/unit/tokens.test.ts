import { describe, expect, it } from 'vitest';
import { TokenService } from '../../server/auth/tokens.js';

const key = new TextEncoder().encode('a test signing key of thirty-two bytes or more');

/** TokenService remembers verified tokens; what it remembers must not outlive the token or accept anything else. */
describe('token verification', () => {
  it('accepts a token again without re-verifying, refuses it once expired, and refuses altered or foreign tokens', async () => {
    const tokens = new TokenService(key, 3600);
    const t = await tokens.issue('8d6c1c7e-1111-4111-8111-111111111111', 2);
    const first = await tokens.verify(t);
    expect(first?.userId).toBe('8d6c1c7e-1111-4111-8111-111111111111');
    expect(await tokens.verify(t)).toEqual(first);

    // A changed signature, payload or a token of another key is refused, even while the real one is remembered.
    const [h, p, s] = t.split('.');
    expect(await tokens.verify(`${h}.${p}.${s!.slice(0, -2)}${s!.endsWith('AA') ? 'BB' : 'AA'}`)).toBeNull();
    const other = await new TokenService(new TextEncoder().encode('another key, also thirty-two bytes long!!'), 3600).issue('x');
    expect(await tokens.verify(other)).toBeNull();
    expect(await tokens.verify(`${h}.${Buffer.from(JSON.stringify({ sub: 'someone-else' })).toString('base64url')}.${s}`)).toBeNull();

    await new Promise((r) => setTimeout(r, 3100));
    expect(await tokens.verify(t)).toBeNull();
    expect(await tokens.verify(t)).toBeNull();
  });
});
