import { createPrisma } from '@hro/db';
import pino from 'pino';
import { temporalAddress } from '../../test/support/env';
import { freePort } from '../../test/support/temporal-server';
import { createAlertEvents } from '../src/alert-events';
import { loadConfig } from '../src/config';
import { startApiServer } from '../src/server';
import { createTemporalAccess } from '../src/temporal';

jest.setTimeout(60_000);

describe('readiness', () => {
  it('answers 503 problem+json naming Postgres when it is unreachable, while staying alive', async () => {
    const deadPort = await freePort();
    const config = loadConfig({
      DATABASE_URL: `postgresql://postgres@127.0.0.1:${deadPort}/nothing`,
      TEMPORAL_ADDRESS: temporalAddress(),
      LOG_LEVEL: 'silent',
    });
    const prisma = createPrisma(config.databaseUrl);
    const temporal = createTemporalAccess(config.temporal);
    const api = await startApiServer(
      { config, prisma, temporal, logger: pino({ level: 'silent' }), alertEvents: createAlertEvents() },
      { port: 0, host: '127.0.0.1', router: { sweepMs: 3_600_000, backoffBaseMs: 3_600_000 } },
    );
    try {
      const base = `http://127.0.0.1:${api.port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const res = await fetch(`${base}/readyz`);
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const body = (await res.json()) as { errors: { field: string }[] };
      expect(body.errors.map((e) => e.field)).toEqual(['postgres']);
    } finally {
      await api.close();
      await temporal.close();
      await prisma.$disconnect();
    }
  });
});
