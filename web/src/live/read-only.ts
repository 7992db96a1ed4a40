/**
 * Why the referat is read-only, by code. The server says it with a code: a GraphQL error's `extensions.code`
 * (MINUTES_LOCKED), and the reason of the live document's permission-denied message, "<CODE>: <words>"
 * (collab/close-codes.ts ReadOnlyCode; the web speaks only HTTP, so the codes are repeated here as the GraphQL codes
 * are in api.ts).
 */
export const MINUTES_LOCKED = 'MINUTES_LOCKED';
export const READ_ONLY_ACCESS = 'READ_ONLY_ACCESS';
export type ReadOnlyCode = typeof MINUTES_LOCKED | typeof READ_ONLY_ACCESS;

/** Why a document is read-only: the code when the server gave one, and the server's words. */
export interface ReadOnly {
  code: ReadOnlyCode | null;
  words: string;
}

/** Reads a permission-denied reason of the live document. */
export function readOnlyFromReason(reason: string): ReadOnly {
  const cut = reason.indexOf(': ');
  const code = cut > 0 ? reason.slice(0, cut) : '';
  if (code === MINUTES_LOCKED || code === READ_ONLY_ACCESS) return { code, words: reason.slice(cut + 2) };
  return { code: null, words: reason };
}

/** What a read-only state means, in Norwegian. */
export function readOnlyText(ro: ReadOnly): string {
  switch (ro.code) {
    case MINUTES_LOCKED:
      return 'referatet er godkjent og låst, og kan leses men ikke endres';
    case READ_ONLY_ACCESS:
      return 'du har bare lesetilgang til dette utvalget (medlem), og kan ikke skrive i referatet';
    default:
      return ro.words || 'skrivebeskyttet';
  }
}
