/** Random inputs for the fuzzing tests, from a seeded PRNG (test/helpers/random.ts). */

export type Rand = () => number;

export function randomBytes(rand: Rand, max: number): Uint8Array {
  const out = new Uint8Array(Math.floor(rand() * (max + 1)));
  for (let i = 0; i < out.length; i++) out[i] = Math.floor(rand() * 256);
  return out;
}

/** Whole code points only (no lone surrogates), some of them awkward. */
const ALPHABET = Array.from('abcdefghijklmnopqrstuvwxyzæøåABCÆØÅ 0123456789{}[]":,\\\u0000\u2028😀');

export function randomString(rand: Rand, max: number): string {
  const alphabet = ALPHABET;
  let s = '';
  const n = Math.floor(rand() * max);
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
}
