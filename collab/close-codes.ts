/** Websocket close codes the collab server uses (RFC 6455 §7.4, plus private 4xxx codes). */
export const CloseCode = {
  /** Server shutting down. */
  goingAway: 1001,
  /** Frame of a type the protocol does not have (text frame, unknown message type). */
  unsupportedData: 1003,
  /** Frame that does not decode (truncated, malformed, trailing bytes, undecodable update). */
  invalidPayload: 1007,
  /** Update refused (depends on data the server never received); the client reconnects and resyncs. */
  policyViolation: 1008,
  /** Frame larger than maxFrameBytes (sent by ws itself). */
  messageTooBig: 1009,
  /** The server failed (document could not be loaded). */
  internalError: 1011,
  /**
   * The document was thrown away to be reloaded from storage (an accepted update made Yjs throw, so it may have
   * been left half-changed): reconnect, and sync with what was stored.
   */
  documentReloaded: 1012,
  /** The client does not read fast enough (send buffer full) or sends too fast. */
  tryAgainLater: 1013,
  /**
   * The client reuses item ids with other content (e.g. a client id collision): reconnecting cannot fix that,
   * and y-websocket stops reconnecting on 4400–4499.
   */
  conflict: 4409,
} as const;

const MAX_REASON_BYTES = 123;

/** A close reason cut to the 123 bytes (UTF-8) a close frame allows, without splitting a character. */
export function closeReason(reason: string): string {
  if (Buffer.byteLength(reason) <= MAX_REASON_BYTES) return reason;
  const chars = Array.from(reason);
  let cut = '';
  for (const ch of chars) {
    if (Buffer.byteLength(cut + ch) > MAX_REASON_BYTES - 3) break;
    cut += ch;
  }
  return `${cut}…`;
}

/**
 * Why a client may not write a document, for machines: the reason of a permission-denied message (y-protocols auth,
 * sent instead of a close) starts with one of these codes and ": ", then says it in words, e.g.
 * "MINUTES_LOCKED: The minutes are approved …". Clients read the code (readOnlyCodeOf), never the words.
 */
export const ReadOnlyCode = {
  /** The minutes are approved and locked; GraphQL refuses a change with the same code (server/errors.ts). */
  minutesLocked: 'MINUTES_LOCKED',
  /** This user may read the document but not write it (a member of the body, not its secretariat). */
  readOnlyAccess: 'READ_ONLY_ACCESS',
} as const;
export type ReadOnlyCode = (typeof ReadOnlyCode)[keyof typeof ReadOnlyCode];

/** A permission-denied reason that carries its code: "<CODE>: <words>". */
export function readOnlyReason(code: ReadOnlyCode, words: string): string {
  return `${code}: ${words}`;
}

/** The reason the collab server gives a client with read-only access. */
export const READ_ONLY_ACCESS_REASON = readOnlyReason(ReadOnlyCode.readOnlyAccess, 'read-only access');

/** The code of a permission-denied reason, or null when it carries none. */
export function readOnlyCodeOf(reason: string): ReadOnlyCode | null {
  const code = /^([A-Z][A-Z_]*): /.exec(reason)?.[1];
  return (Object.values(ReadOnlyCode) as string[]).includes(code ?? '') ? (code as ReadOnlyCode) : null;
}
