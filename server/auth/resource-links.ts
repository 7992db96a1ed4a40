/**
 * Short-lived links signed for one resource: `<path>?sig=<token>`, good for exactly that path, for one viewer, for a
 * few minutes. A browser can follow them (a plain download link) without a bearer token in any URL.
 *
 * - A route makes its paths linkable with one call, `links.register({ name, pattern, authorize })`: `authorize`
 *   asks the read policy (through the services) whether a viewer may read the resource, and throws a coded error if
 *   not. Requests to the route resolve their viewer with `links.viewerOf(req)` (app.ts wires it): the Authorization
 *   header, or a valid `?sig=` for exactly the requested path.
 * - GraphQL `resourceLink(path)` signs a path for its caller after `authorize` said yes for that caller.
 * - At download time the link's user is looked up again (current roles, revoked tokens, a disabled user) and the
 *   route asks the read policy as for any request: a user who lost the role is refused even with a fresh link.
 */
import type { Request } from 'express';
import type { GraphQLContext } from '../graphql/context.js';
import { AppError, badInput } from '../errors.js';
import { PathSigner, type PathClaims } from './signed-paths.js';

/** The query parameter that carries a link's signature. */
export const SIGNATURE_PARAM = 'sig';
/** How long a download link works. */
export const RESOURCE_LINK_TTL_SECONDS = 300;

export interface LinkableResource {
  /** What it is, for error messages ("meeting document", "file"). */
  name: string;
  /** Matches the whole URL path (no query); named groups are passed to `authorize`. */
  pattern: RegExp;
  /** Resolves when the viewer of `ctx` may read the resource; throws a coded error (NOT_FOUND, FORBIDDEN) if not. */
  authorize(ctx: GraphQLContext, params: Record<string, string>, query: URLSearchParams): Promise<void>;
}

export interface ResourceLink {
  /** Path and query with the signature, relative to the server (`/meetings/…/innkalling.pdf?sig=…`). */
  path: string;
  expiresAt: Date;
}

export class ResourceLinks {
  private readonly signer: PathSigner;
  private readonly resources: LinkableResource[] = [];

  constructor(
    authSecret: Uint8Array,
    private readonly ttlSeconds = RESOURCE_LINK_TTL_SECONDS,
  ) {
    this.signer = new PathSigner(authSecret, 'resource links');
  }

  /** Makes a route's paths linkable (one call per route). */
  register(resource: LinkableResource): void {
    this.resources.push(resource);
  }

  /**
   * A signed link to `pathAndQuery` for the viewer of `ctx`, once the route's check says they may read it.
   * BAD_USER_INPUT for a path no route made linkable; the route's own code when the viewer may not read it.
   */
  async linkFor(ctx: GraphQLContext, pathAndQuery: string): Promise<ResourceLink> {
    if (!pathAndQuery.startsWith('/') || pathAndQuery.startsWith('//')) throw badInput('The path must start with a single "/" (a path on this server).', 'path');
    const url = new URL(pathAndQuery, 'http://motebok.invalid');
    if (url.searchParams.has(SIGNATURE_PARAM) || url.searchParams.has('token')) throw badInput('The path must not carry a signature or a token.', 'path');
    const found = this.match(url.pathname);
    if (!found) throw badInput(`${url.pathname} is not a resource that can be linked (documents and files only).`, 'path');
    await found.resource.authorize(ctx, found.params, url.searchParams);
    const { token, expiresAt } = await this.signer.sign(url.pathname, { userId: ctx.viewer.userId, ttlSeconds: this.ttlSeconds });
    url.searchParams.set(SIGNATURE_PARAM, token);
    return { path: `${url.pathname}${url.search}`, expiresAt: expiresAt! };
  }

  /**
   * The link a request carries, checked for exactly the requested path: null when it carries none;
   * UNAUTHENTICATED (401) for a forged, expired or other path's link.
   */
  async claimsOf(req: Request): Promise<PathClaims | null> {
    const sig = req.query[SIGNATURE_PARAM];
    if (sig === undefined) return null;
    const path = new URL(req.originalUrl, 'http://motebok.invalid').pathname;
    const claims = typeof sig === 'string' ? await this.signer.verify(path, sig) : null;
    if (!claims) throw new AppError('UNAUTHENTICATED', 'The link is invalid or has expired (links work for a few minutes). Ask for a new one.', { http: { status: 401 } });
    return claims;
  }

  private match(pathname: string): { resource: LinkableResource; params: Record<string, string> } | null {
    for (const resource of this.resources) {
      const m = resource.pattern.exec(pathname);
      if (m) return { resource, params: { ...(m.groups ?? {}) } };
    }
    return null;
  }
}

/** A bearer token in a URL is refused everywhere (browser history, proxies and logs would keep it). */
export function refuseTokenInUrl(req: Request): void {
  if (req.query.token !== undefined) {
    throw new AppError('BAD_USER_INPUT', 'Tokens are not accepted in URLs: send the Authorization header, or use a signed link (GraphQL resourceLink).', {
      http: { status: 400 },
    });
  }
}
