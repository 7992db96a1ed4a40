import { createClient, type Client } from 'graphql-ws';
import { currentSession } from './auth.js';

/** A GraphQL error as the API sends it: a message a secretary can read and `extensions.code`. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status = 200,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const CODE_TEXT: Record<string, string> = {
  UNAUTHENTICATED: 'Tokenet er ugyldig eller utløpt. Logg inn på nytt.',
  FORBIDDEN: 'Du har ikke tilgang til dette.',
  NOT_FOUND: 'Fant ikke det du ba om.',
  AGENDA_FROZEN: 'Innkallingen er sendt; sakslisten kan ikke lenger endres slik.',
  MINUTES_LOCKED: 'Referatet er godkjent og låst.',
  INVALID_STATE: 'Det går ikke an i møtets nåværende tilstand.',
  CONFLICT: 'Endringen kolliderer med en annen endring.',
  BAD_USER_INPUT: 'Noe i skjemaet er ikke gyldig.',
  PAYLOAD_TOO_LARGE: 'For mye data på én gang.',
  INTERNAL_SERVER_ERROR: 'Noe gikk galt på tjeneren. Prøv igjen.',
};

/** A readable Norwegian message for an error, with the server's own message where it says more. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const base = CODE_TEXT[error.code];
    if (!base) return error.message;
    // The server's messages are written for secretaries; show them beside the general text when they differ.
    return error.code === 'INTERNAL_SERVER_ERROR' || !error.message ? base : `${base} (${error.message})`;
  }
  if (error instanceof TypeError) return 'Får ikke kontakt med tjeneren. Sjekk nettforbindelsen og prøv igjen.';
  return error instanceof Error ? error.message : String(error);
}

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();
/** Called when the server refuses the token (expired or revoked): the app signs out. */
export function onUnauthenticated(fn: Listener): () => void {
  unauthenticatedListeners.add(fn);
  return () => unauthenticatedListeners.delete(fn);
}

/** POSTs an operation to /graphql with the signed-in token (or the given one); throws ApiError on errors. */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}, token = currentSession()?.token): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  let body: { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new ApiError(`Uventet svar fra tjeneren (HTTP ${res.status}).`, 'INTERNAL_SERVER_ERROR', res.status);
  }
  const first = body.errors?.[0];
  if (first) {
    const code = first.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
    if (code === 'UNAUTHENTICATED' && token === currentSession()?.token) unauthenticatedListeners.forEach((fn) => fn());
    throw new ApiError(first.message, code, res.status);
  }
  if (!body.data) throw new ApiError('Tomt svar fra tjeneren.', 'INTERNAL_SERVER_ERROR', res.status);
  return body.data;
}

let wsClient: Client | null = null;
let wsToken: string | null | undefined;

/** The graphql-ws client for subscriptions (same path as GraphQL), re-created when the token changes. */
export function subscriptions(): Client {
  const token = currentSession()?.token ?? null;
  if (!wsClient || wsToken !== token) {
    void wsClient?.dispose();
    wsToken = token;
    wsClient = createClient({
      url: `${location.origin.replace(/^http/, 'ws')}/graphql`,
      connectionParams: token ? { token } : {},
      lazy: true,
      retryAttempts: Infinity,
      shouldRetry: () => true,
    });
  }
  return wsClient;
}

/** Subscribes to an operation; returns the function that ends it. */
export function subscribe<T>(query: string, variables: Record<string, unknown>, onData: (data: T) => void): () => void {
  return subscriptions().subscribe<T>(
    { query, variables },
    {
      next: (msg) => {
        if (msg.data) onData(msg.data as T);
      },
      error: () => {},
      complete: () => {},
    },
  );
}

export function closeSubscriptions(): void {
  void wsClient?.dispose();
  wsClient = null;
}
