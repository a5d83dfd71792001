import type { PrismaClient } from '@hro/db';
import type { Logger } from 'pino';
import type { AlertEvents } from './alert-events';
import type { ApiConfig } from './config';
import type { TemporalAccess } from './temporal';

/** Everything route factories need; built once in main.ts (or a test) and passed down. */
export interface AppDeps {
  config: ApiConfig;
  prisma: PrismaClient;
  temporal: TemporalAccess;
  logger: Logger;
  /** `alert.changed` fan-out; realtime subscribes to it. */
  alertEvents: AlertEvents;
  /** Wakes the outbox router right after an ingest commit (no-op until the router runs). */
  kickRouter: () => void;
}
