/** The signed-in secretary: a bearer token and the name shown to the others at the cursor, kept in localStorage. */

const TOKEN_KEY = 'motebok.token';
const NAME_KEY = 'motebok.name';

export interface Session {
  token: string;
  name: string;
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled: the session lasts as long as the page
  }
}

let memory: Session | null = null;

export function currentSession(): Session | null {
  const s = storage();
  if (!s) return memory;
  const token = s.getItem(TOKEN_KEY);
  if (!token) return null;
  return { token, name: s.getItem(NAME_KEY) || 'Sekretær' };
}

export function saveSession(session: Session): void {
  memory = session;
  const s = storage();
  s?.setItem(TOKEN_KEY, session.token);
  s?.setItem(NAME_KEY, session.name);
}

export function clearSession(): void {
  memory = null;
  const s = storage();
  s?.removeItem(TOKEN_KEY);
  s?.removeItem(NAME_KEY);
}

/** Accepts what people paste: the bare token, "Bearer <token>", quotes, or a log line with `secretaryToken: "…"`. */
export function cleanToken(input: string): string {
  const jwt = /[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.exec(input);
  if (jwt) return jwt[0];
  return input.trim().replace(/^Bearer\s+/i, '').replace(/^["']|["']$/g, '');
}
