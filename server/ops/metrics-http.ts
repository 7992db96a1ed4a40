import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import type { Viewer } from '../auth/viewer.js';
import { bearer } from '../auth/viewer.js';
import { httpDuration, scrape } from './metrics.js';

/** A small, fixed set of route labels (never raw paths: ids would make a series per meeting). */
function routeOf(path: string): string {
  if (path === '/graphql') return '/graphql';
  if (path === '/healthz' || path === '/readyz' || path === '/metrics') return path;
  if (path.startsWith('/meetings/')) return '/meetings/:id/:document';
  if (path.startsWith('/assets/')) return '/assets';
  return 'web';
}

/** Times every HTTP request (first in the chain). */
export function httpMetrics(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = performance.now();
    const route = routeOf(req.path); // now: routers mounted on a path rewrite req.path later
    res.once('finish', () => {
      const method = req.method === 'GET' || req.method === 'POST' || req.method === 'HEAD' ? req.method : 'other';
      httpDuration.observe({ method, route, status: String(res.statusCode) }, (performance.now() - started) / 1000);
    });
    next();
  };
}

async function send(res: ServerResponse): Promise<void> {
  const { contentType, body } = await scrape();
  res.statusCode = 200;
  res.setHeader('content-type', contentType);
  res.setHeader('cache-control', 'no-store');
  res.end(body);
}

/** GET /metrics on the main port: an administrator's token only (401 without a valid one, 403 for others). */
export function metricsRoute(viewerOf: (token: string | null) => Promise<Viewer>): express.Router {
  const router = express.Router();
  router.get('/metrics', async (req, res) => {
    const token = bearer(req.headers.authorization);
    if (!token) {
      res.status(401).set('www-authenticate', 'Bearer').json({ error: "metrics need an administrator's token" });
      return;
    }
    let viewer: Viewer;
    try {
      viewer = await viewerOf(token);
    } catch {
      res.status(401).set('www-authenticate', 'Bearer').json({ error: 'invalid token' });
      return;
    }
    if (!viewer.isAdmin) {
      res.status(403).json({ error: 'only an administrator may read the metrics' });
      return;
    }
    await send(res);
  });
  return router;
}

/** METRICS_PORT: /metrics without a token, on its own listener (bind it where only Prometheus reaches). */
export async function startMetricsServer(host: string, port: number): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://x').pathname;
    } catch {
      // A target that is no URL (`//[`): thrown in this listener it would end the process.
      res.statusCode = 400;
      res.end();
      return;
    }
    if (req.method === 'GET' && path === '/metrics') {
      send(res).catch(() => {
        res.statusCode = 500;
        res.end();
      });
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host}:${address.port}/metrics`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
