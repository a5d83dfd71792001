import type { PrismaClient } from '@hro/db';
import { ensureAdmin, ensureIngestToken, ensureUser } from '@hro/api/src/bootstrap';
import type { LauncherConfig } from './config';

/** What the banner shows: secrets only when they were generated on this start. */
export interface SeededCredentials {
  adminEmail: string;
  /** Set only when the admin was created now with a generated password (printed once). */
  adminPassword: string | undefined;
  integrationName: string;
  /** Set only when the ingest token was created now and generated (printed once). */
  ingestToken: string | undefined;
  /** The demo's second approver (high-risk plans need two), when demo data is seeded. */
  secondApprover: { email: string; password: string | undefined } | undefined;
}

/** Second approver seeded with the demo data, so a four-eyes approval works out of the box. */
export const DEMO_APPROVER_EMAIL = 'approver@example.com';

/**
 * Creates the first admin and the first ingest integration if the database has none
 * (from HRO_ADMIN_* / HRO_INGEST_TOKEN, otherwise generated). A restart changes nothing
 * and prints no secret: the database holds only hashes.
 */
export async function seedCredentials(prisma: PrismaClient, cfg: LauncherConfig): Promise<SeededCredentials> {
  const admin = await ensureAdmin(prisma, { email: cfg.admin.email, password: cfg.admin.password });
  const ingest = await ensureIngestToken(prisma, { kind: 'alertmanager', token: cfg.ingestToken });
  const approver = cfg.seedDemo
    ? await ensureUser(prisma, { email: DEMO_APPROVER_EMAIL, role: 'approver', name: 'Demo approver' })
    : undefined;
  return {
    adminEmail: admin.email,
    // A password the user chose is not echoed back; a generated one must be shown once.
    adminPassword: admin.created && !cfg.admin.password ? admin.password : undefined,
    integrationName: ingest.name,
    ingestToken: ingest.created && !cfg.ingestToken ? ingest.token : undefined,
    secondApprover: approver && { email: approver.email, password: approver.password },
  };
}
