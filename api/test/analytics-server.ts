import { createPrisma, type PrismaClient } from '@hro/db';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { createAnalyticsRouter } from '../src/analytics';
import { SESSIONS_LOCAL } from '../src/auth/middleware';
import { SessionService } from '../src/auth/sessions';
import { createLogger } from '../src/logger';
import { errorHandler, notFoundHandler } from '../src/http/problem';
import { seedAnalytics } from './analytics-seed';

export interface AnalyticsHarness {
  db: TestDatabase;
  prisma: PrismaClient;
  /** `http://127.0.0.1:<port>/api/v1/analytics/` */
  base: string;
  /** Bearer token of a signed-in viewer. */
  token: string;
  /** GET `/api/v1/analytics/<path>` as the viewer; parses the JSON body. */
  get<T = unknown>(path: string, token?: string | null): Promise<{ status: number; type: string; body: T }>;
  close(): Promise<void>;
}

/**
 * The analytics router behind the real session middleware and error handler, on a real
 * HTTP server over a fresh database holding the hand-computed seed dataset.
 */
export async function startAnalytics(now: Date): Promise<AnalyticsHarness> {
  const db = await createTestDatabase();
  const prisma = createPrisma(db.url, { max: 4 });
  await seedAnalytics(prisma);
  const viewer = await prisma.user.create({
    data: { email: 'viewer@example.test', name: 'Viewer', passwordHash: 'x', role: 'viewer' },
  });
  const sessions = new SessionService(prisma, 3_600_000);
  const { token } = await sessions.create(viewer.id);

  const app = express();
  app.locals[SESSIONS_LOCAL] = sessions;
  app.use('/api/v1', createAnalyticsRouter({ prisma, now: () => now }));
  app.use(notFoundHandler);
  app.use(errorHandler(createLogger('silent')));
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/analytics/`;

  return {
    db,
    prisma,
    base,
    token,
    async get<T>(path: string, as: string | null = token) {
      const res = await fetch(base + path, { headers: as ? { authorization: `Bearer ${as}` } : {} });
      return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as T };
    },
    async close() {
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
      await prisma.$disconnect();
      await db.drop();
    },
  };
}

/** Query string for the seeded range plus extra parameters. */
export function q(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}
