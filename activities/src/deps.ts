import type { PrismaClient } from '@hro/db';
import type { Logger } from 'pino';
import type { Catalog, ExecutionPolicy } from './catalog';
import type { Publisher } from './publisher';

/** What the situation-queue activities need; tests hand in real or fake parts. */
export interface ActivityDeps {
  prisma: PrismaClient;
  publisher: Publisher;
  catalog: Catalog;
  logger: Logger;
  /** Incoming webhook escalation notices are POSTed to (HRO_ESCALATION_WEBHOOK_URL); unset: log only. */
  escalationWebhookUrl?: string;
  /** Base URL people open (HRO_PUBLIC_URL); notices link to the situation below it. */
  publicUrl?: string;
  clock?: () => Date;
}

/** What the remediation-queue (step) activities need. */
export interface RemediationDeps {
  prisma: PrismaClient;
  publisher: Publisher;
  policy: ExecutionPolicy;
  logger: Logger;
  /** Bytes of step output kept (HRO_STEP_OUTPUT_LIMIT). */
  outputLimit: number;
  /** PATH handed to command steps (their environment is otherwise scrubbed). */
  commandPath: string;
  clock?: () => Date;
}
