/**
 * The secretariat's web editor (web/, built by Vite into web/dist) served at `/`: its files, and index.html for the
 * client-side routes (/utvalg/…, /mote/…). API paths are never answered here: /graphql, /collab, /meetings/*,
 * /healthz and /readyz pass through to their own handlers, whatever order the routers are mounted in.
 *
 * Without a build, `/` answers with a short page that says how to make one (`npm run build:web`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';

export interface WebAppOptions {
  /** The built app; default web/dist of the project (found from this file, in the sources or in dist/). */
  distDir?: string;
  log?: Logger;
}

/** The client-side routes of the app (web/src/router.ts): /, /utvalg/<slug>[/plan/<year>], /mote/<id>[/dagsorden|/referat|/versjoner]. */
const CLIENT_ROUTE = /^\/(?:$|utvalg\/[^/]+(?:\/plan\/\d{4})?\/?$|mote\/[^/]+(?:\/(?:dagsorden|referat|versjoner))?\/?$)/;

/** The public innsyn pages (web/innsyn.html, web/src/public/): /innsyn and everything under it. */
const PUBLIC_ROUTE = /^\/innsyn(?:\/.*)?$/;

/** Paths the web app must never answer. */
const API_PREFIXES = ['/graphql', '/collab', '/meetings', '/healthz', '/readyz'];

export function isApiPath(path: string): boolean {
  return API_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
}

/** The project root: the nearest folder up from here that holds package.json (server/http → ., dist/server/http → .). */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

// Same-origin only; CodeMirror and the collaborators' cursor colours use inline styles.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const MISSING_BUILD = `<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Møtebok – web-appen er ikke bygget</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5">
<h1>Web-appen er ikke bygget</h1>
<p>Sekretariatets redigeringsverktøy er ikke bygget på denne tjeneren. Bygg det med</p>
<pre><code>npm run build:web</code></pre>
<p>og last siden på nytt. GraphQL-API-et svarer som vanlig på <a href="/graphql">/graphql</a>.</p>
<p lang="en">The web editor has not been built: run <code>npm run build:web</code> and reload.</p>
</body></html>`;

export function webApp(options: WebAppOptions = {}): Router {
  const distDir = resolve(options.distDir ?? join(projectRoot(), 'web', 'dist'));
  const router = express.Router();
  const pages = new Map<string, string>();
  let warned = false;

  /** index.html or innsyn.html, read once it exists (a build made after the server started is picked up). */
  const loadPage = (file: string): string | null => {
    const cached = pages.get(file);
    if (cached !== undefined) return cached;
    try {
      const html = readFileSync(join(distDir, file), 'utf8');
      pages.set(file, html);
      return html;
    } catch {
      if (!warned) options.log?.warn({ distDir }, 'web app not built: run `npm run build:web`');
      warned = true;
      return null;
    }
  };

  const securityHeaders = (res: Response) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Never send page addresses to anyone (a signed download link in one would work for a few minutes).
    res.setHeader('Referrer-Policy', 'no-referrer');
  };

  // Hashed build output: cache for a year. Anything else in dist (favicon): an hour.
  const statics = express.static(distDir, {
    index: false,
    redirect: false,
    fallthrough: true,
    setHeaders: (res, path) => {
      securityHeaders(res);
      res.setHeader('Cache-Control', path.includes(`${join(distDir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
    },
  });

  router.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path)) {
      next();
      return;
    }
    statics(req, res, () => {
      // The app's own routes (web/src/router.ts) get index.html, the public pages innsyn.html; anything else is a 404.
      const isPublic = PUBLIC_ROUTE.test(req.path);
      if (!isPublic && !CLIENT_ROUTE.test(req.path)) {
        next();
        return;
      }
      const html = loadPage(isPublic ? 'innsyn.html' : 'index.html');
      securityHeaders(res);
      res.setHeader('Content-Security-Policy', CSP);
      res.setHeader('Cache-Control', 'no-cache');
      res.type('html');
      if (html === null) {
        // Only the root explains the missing build; other paths fall through to the API's 404.
        if (req.path !== '/') {
          next();
          return;
        }
        res.status(200).send(MISSING_BUILD);
        return;
      }
      res.send(html);
    });
  });
  return router;
}
