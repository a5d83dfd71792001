import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createApp } from './app';
import type { AppDeps } from './deps';
import { startOutboxRouter, type OutboxRouter, type RouterOptions } from './routing/outbox-router';

/** A listening API: the http.Server (Socket.IO attaches to it), the app and the outbox router. */
export interface RunningApi {
  app: Express;
  server: Server;
  router: OutboxRouter;
  port: number;
  /** Stops accepting, drains in-flight requests, then stops the router. */
  close(): Promise<void>;
}

/**
 * Builds the app, starts the outbox router (ingest kicks it through deps.kickRouter) and
 * listens. `beforeListen` lets the realtime module attach Socket.IO to the server first.
 */
export async function startApiServer(
  deps: Omit<AppDeps, 'kickRouter'>,
  opts: {
    port: number;
    host: string;
    beforeListen?: (server: Server, deps: AppDeps) => void | Promise<void>;
    router?: Partial<RouterOptions>;
  },
): Promise<RunningApi> {
  // The router needs the full deps and ingest needs the router's kick: close the loop lazily.
  const holder: { router?: OutboxRouter } = {};
  const full: AppDeps = { ...deps, kickRouter: () => holder.router?.kick() };
  const app = createApp(full);
  const server = createServer(app);
  // Keep-alive sockets would otherwise hold close() open for the idle timeout.
  server.keepAliveTimeout = 5_000;
  await opts.beforeListen?.(server, full);
  const router = startOutboxRouter(full, opts.router);
  holder.router = router;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    app,
    server,
    router,
    port,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 10_000);
      await closed;
      clearTimeout(force);
      await router.stop();
    },
  };
}
