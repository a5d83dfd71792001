import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPrisma, type PrismaClient } from '@hro/db';
import type { Role } from '@hro/domain';
import pino from 'pino';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { createAlertEvents, type AlertEvents } from '../src/alert-events';
import { createApp } from '../src/app';
import { SessionService } from '../src/auth/sessions';
import { loadConfig, type ApiConfig } from '../src/config';
import { createTemporalAccess, type TemporalAccess } from '../src/temporal';

/** A real API app (no outbox router) on a loopback port over its own test database. */
export interface TestApi {
  db: TestDatabase;
  url: string;
  server: Server;
  prisma: PrismaClient;
  config: ApiConfig;
  temporal: TemporalAccess;
  alertEvents: AlertEvents;
  /** Session tokens, one user per role. */
  tokens: Record<Role, string>;
  emails: Record<Role, string>;
  close(): Promise<void>;
}

const ROLE_LIST: Role[] = ['viewer', 'responder', 'approver', 'admin'];

/** Creates a user with a session and returns the session token. */
export async function userSession(
  prisma: PrismaClient,
  sessions: SessionService,
  email: string,
  role: Role,
): Promise<{ token: string; userId: string }> {
  // The hash is never checked: these users get sessions directly, not through login.
  const user = await prisma.user.create({ data: { email, name: email, role, passwordHash: 'unused' } });
  const { token } = await sessions.create(user.id);
  return { token, userId: user.id };
}

/** Starts the API over a fresh database; `db` may be shared to run two nodes on one database. */
export async function startTestApi(opts: {
  temporalAddress: string;
  env?: Record<string, string>;
  db?: TestDatabase;
}): Promise<TestApi> {
  const db = opts.db ?? (await createTestDatabase());
  const config = loadConfig({ DATABASE_URL: db.url, TEMPORAL_ADDRESS: opts.temporalAddress, ...opts.env });
  const prisma = createPrisma(db.url, { max: 4 });
  const temporal = createTemporalAccess(config.temporal);
  const alertEvents = createAlertEvents();
  const logger = pino({ level: 'silent' });
  const app = createApp({ config, prisma, temporal, logger, alertEvents, kickRouter: () => undefined });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const sessions = new SessionService(prisma, config.sessionTtlMs);
  const tokens = {} as Record<Role, string>;
  const emails = {} as Record<Role, string>;
  const tag = port.toString(36);
  for (const role of ROLE_LIST) {
    emails[role] = `${role}-${tag}@example.test`;
    tokens[role] = (await userSession(prisma, sessions, emails[role], role)).token;
  }
  return {
    db,
    url: `http://127.0.0.1:${port}`,
    server,
    prisma,
    config,
    temporal,
    alertEvents,
    tokens,
    emails,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await temporal.close();
      await prisma.$disconnect();
      if (!opts.db) await db.drop();
    },
  };
}

/** fetch with an optional bearer token and JSON body. */
export async function call(
  url: string,
  opts: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; type: string; body: unknown }> {
  const res = await fetch(url, {
    method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', body };
}

/** Seeds one situation row (projection) with sensible defaults. */
export async function seedSituation(
  prisma: PrismaClient,
  s: {
    id: string;
    title: string;
    state: string;
    severity: string;
    service?: string | null;
    environment?: string | null;
    escalated?: boolean;
    createdAt?: Date;
    updatedAt?: Date;
    closedAt?: Date | null;
    recommendation?: object | null;
    plan?: object | null;
    features?: object | null;
  },
): Promise<void> {
  const createdAt = s.createdAt ?? new Date();
  await prisma.situation.create({
    data: {
      id: s.id,
      correlationKey: `${s.environment ?? ''}|${s.service ?? ''}|${s.id}`,
      title: s.title,
      state: s.state,
      severity: s.severity,
      service: s.service ?? null,
      environment: s.environment ?? null,
      escalated: s.escalated ?? false,
      createdAt,
      updatedAt: s.updatedAt ?? createdAt,
      closedAt: s.closedAt ?? null,
      version: 1,
      ...(s.recommendation ? { recommendation: s.recommendation } : {}),
      ...(s.plan ? { plan: s.plan, planHash: (s.plan as { hash: string }).hash } : {}),
      ...(s.features ? { features: s.features } : {}),
    },
  });
}
