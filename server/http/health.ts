import type { Router } from 'express';
import express from 'express';
import type { Orm } from '../db/orm.js';

/** /healthz: the process answers. /readyz: the database answers and the server is not draining. */
export function healthRoutes(orm: Orm, isDraining: () => boolean): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (isDraining()) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    try {
      await orm.em.getConnection().execute('select 1');
      res.json({ status: 'ready' });
    } catch (err) {
      res.status(503).json({ status: 'database unavailable', error: (err as Error).message });
    }
  });
  return router;
}
