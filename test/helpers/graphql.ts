/** GraphQL over HTTP as tests speak it: one error type, one client, one assertion on error codes. */
import { expect } from 'vitest';

/** A GraphQL error as the server sends it: a readable message and `extensions.code` (see server/errors.ts). */
export interface GqlError {
  message: string;
  extensions: { code: string; [k: string]: unknown };
  path?: string[];
}

/** The parsed body of a GraphQL answer. */
export interface GqlAnswer<T = any> {
  data: T;
  errors?: GqlError[];
}

/** Administrator tokens of the servers tests started, by base URL: clients that only know the URL send them. */
export const serverTokens = new Map<string, string>();

/**
 * POSTs an operation to `<baseUrl>/graphql` with `token` as a bearer token (none when null) and returns the parsed
 * body, whatever the HTTP status.
 */
export async function postGraphql<T = any>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> | undefined,
  token: string | null,
): Promise<GqlAnswer<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as GqlAnswer<T>;
}

/** The data of an answer; throws (with the errors) when it has any. */
export function dataOf<T>(answer: GqlAnswer<T>): T {
  if (answer.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(answer.errors)}`);
  return answer.data;
}

export interface Gql {
  raw<T = any>(query: string, variables?: Record<string, unknown>): Promise<GqlAnswer<T>>;
  /** Throws when the answer has errors. */
  ok<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

/**
 * A GraphQL client of the server at `baseUrl`, sending `token`: by default the administrator token the test
 * registered for that server (serverTokens), or none.
 */
export function gqlAt(baseUrl: string, token: string | null = serverTokens.get(baseUrl) ?? null): Gql {
  const raw = <T>(query: string, variables?: Record<string, unknown>) => postGraphql<T>(baseUrl, query, variables, token);
  return {
    raw,
    async ok(query, variables) {
      return dataOf(await raw(query, variables));
    },
  };
}

/** Asserts that an answer failed with exactly one error of the given code and a readable message; returns it. */
export function expectCode(res: { data: unknown; errors?: GqlError[] }, code: string): GqlError {
  expect(res.errors, `expected ${code}, got ${JSON.stringify(res)}`).toBeDefined();
  expect(res.errors!.length).toBe(1);
  const err = res.errors![0]!;
  expect(err.extensions.code).toBe(code);
  expect(typeof err.message).toBe('string');
  expect(err.message.trim().length).toBeGreaterThan(0);
  return err;
}

/** The codes of an answer's errors, in order (none: []). */
export function errorCodes(errors: GqlError[] | undefined): string[] {
  return (errors ?? []).map((e) => e.extensions?.code);
}
