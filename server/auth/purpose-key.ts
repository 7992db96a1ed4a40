import { createHmac } from 'node:crypto';

/**
 * A signing key derived from the auth secret for one purpose only (HMAC-SHA256 of "motebok <purpose>"), so that a
 * token made for one purpose (a forfall link, a download link, a calendar feed, a collab ticket) can never pass as
 * one of another purpose, nor as a sign-in token (which the auth secret itself signs). The one way to derive them.
 */
export function purposeKey(authSecret: Uint8Array, purpose: string): Uint8Array {
  return createHmac('sha256', authSecret).update(`motebok ${purpose}`).digest();
}
