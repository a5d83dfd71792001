import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type Express } from 'express';
import type { Logger } from 'pino';

/** Repository root: relative HRO_STATIC_DIR_* values resolve against it, whatever the cwd. */
const ROOT = resolve(__dirname, '..', '..', '..');

/**
 * Serves the built UIs on the API's port: the Angular command center at /responder and the
 * React hub at /analytics (their base hrefs), with index.html for client-side routes so deep
 * links and reloads work. `/` redirects to /responder. A missing build is logged and skipped.
 */
export function mountStaticUis(app: Express, dirs: { responder: string; analytics: string }, logger: Logger): void {
  const mounts = [
    { path: '/responder', dir: resolve(ROOT, dirs.responder) },
    { path: '/analytics', dir: resolve(ROOT, dirs.analytics) },
  ];
  for (const m of mounts) {
    const index = join(m.dir, 'index.html');
    if (!existsSync(index)) {
      logger.warn({ dir: m.dir }, `no UI build for ${m.path}; build it to serve it`);
      continue;
    }
    // Hashed assets can be cached for long; index.html must always be revalidated.
    app.use(m.path, express.static(m.dir, { index: false, maxAge: '1h', fallthrough: true }));
    app.get([m.path, `${m.path}/{*rest}`], (req, res, next) => {
      // Only HTML navigations fall back to index.html; a missing asset stays a 404.
      if (/\.[a-z0-9]+$/i.test(req.path) || !req.accepts('html')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  }
  app.get('/', (_req, res) => res.redirect(302, '/responder/'));
}
