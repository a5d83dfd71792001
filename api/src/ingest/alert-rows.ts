import { Prisma } from '@hro/db';
import { isOpenState, type AlertStatus, type Severity } from '@hro/domain';

/** A locked alert row as the batch works on it in memory; written back in one UPDATE. */
export interface AlertState {
  id: string;
  fingerprint: string;
  status: AlertStatus;
  severity: Severity;
  name: string;
  service: string | null;
  environment: string | null;
  resource: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
  resolvedAt: Date | null;
  situationId: string | null;
  occurrence: number;
  count: number;
  flapCount: number;
  labels: unknown;
  annotations: unknown;
  summary: string | null;
  description: string | null;
  generatorUrl: string | null;
  lastSeenAt: Date;
  /** In memory only: see StoredAlertState.unattended. */
  unattended: boolean;
}

// The columns the batch works on, as SELECTed and RETURNed.
const COLUMNS = Prisma.sql`id, fingerprint, status, severity, name, service, environment, resource, "startsAt",
  "endsAt", "resolvedAt", "situationId", occurrence, count, "flapCount", labels, annotations, summary,
  description, "generatorUrl", "lastSeenAt"`;

/** Locks the rows of these fingerprints, in fingerprint order so concurrent batches never deadlock. */
export async function lockAlerts(tx: Prisma.TransactionClient, fingerprints: string[]): Promise<AlertState[]> {
  if (fingerprints.length === 0) return [];
  const rows = await tx.$queryRaw<Omit<AlertState, 'unattended'>[]>`
    SELECT ${COLUMNS} FROM "Alert" WHERE fingerprint = ANY(${fingerprints}::text[])
    ORDER BY fingerprint FOR UPDATE`;
  return rows.map((r) => ({ ...r, unattended: false }));
}

/**
 * Marks the active alerts nothing attends to: their situation is finished (or gone, or was
 * never assigned) and no unrouted firing outbox row is about to give them one. Runs after
 * the rows are locked, so it sees what the router committed before the lock was granted.
 */
export async function markUnattended(tx: Prisma.TransactionClient, states: AlertState[]): Promise<void> {
  const active = states.filter((s) => s.status !== 'resolved');
  const situationIds = [...new Set(active.flatMap((s) => (s.situationId ? [s.situationId] : [])))];
  const open = new Set<string>();
  if (situationIds.length > 0) {
    const rows = await tx.$queryRaw<{ id: string; state: string }[]>`
      SELECT id, state FROM "Situation" WHERE id = ANY(${situationIds}::text[])`;
    for (const r of rows) if (isOpenState(r.state)) open.add(r.id);
  }
  const candidates = active.filter((s) => !(s.situationId && open.has(s.situationId)));
  if (candidates.length === 0) return;
  // One pass over the unrouted rows (the (routedAt, id) index), not one probe per alert.
  const pending = await tx.$queryRaw<{ alertId: string }[]>`
    SELECT DISTINCT "alertId"::text AS "alertId" FROM "OutboxEntry"
    WHERE "routedAt" IS NULL AND payload->>'status' = 'firing'
      AND "alertId" = ANY(${candidates.map((s) => s.id)}::uuid[])`;
  const routing = new Set(pending.map((r) => r.alertId));
  for (const s of candidates) s.unattended = !routing.has(s.id);
}

/** Writes the batch's changed rows back in one statement: the rows are locked, so absolute values are safe. */
export async function writeBack(tx: Prisma.TransactionClient, touched: AlertState[]): Promise<void> {
  if (touched.length === 0) return;
  const rows = touched.map((s) => ({
    id: s.id,
    status: s.status,
    severity: s.severity,
    name: s.name,
    service: s.service,
    environment: s.environment,
    resource: s.resource,
    count: s.count,
    flapCount: s.flapCount,
    occurrence: s.occurrence,
    lastSeenAt: s.lastSeenAt.toISOString(),
    startsAt: s.startsAt?.toISOString() ?? null,
    endsAt: s.endsAt?.toISOString() ?? null,
    resolvedAt: s.resolvedAt?.toISOString() ?? null,
    labels: s.labels,
    annotations: s.annotations,
    summary: s.summary,
    description: s.description,
    generatorUrl: s.generatorUrl,
  }));
  await tx.$executeRaw`
    UPDATE "Alert" AS a SET
      status = v.status, severity = v.severity, name = v.name, service = v.service,
      environment = v.environment, resource = v.resource, count = v.count,
      "flapCount" = v."flapCount", occurrence = v.occurrence, "lastSeenAt" = v."lastSeenAt",
      "startsAt" = v."startsAt", "endsAt" = v."endsAt", "resolvedAt" = v."resolvedAt",
      labels = v.labels, annotations = v.annotations, summary = v.summary,
      description = v.description, "generatorUrl" = v."generatorUrl"
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(
      id uuid, status text, severity text, name text, service text, environment text, resource text,
      count int, "flapCount" int, occurrence int, "lastSeenAt" timestamptz, "startsAt" timestamptz,
      "endsAt" timestamptz, "resolvedAt" timestamptz, labels jsonb, annotations jsonb, summary text,
      description text, "generatorUrl" text)
    WHERE a.id = v.id`;
}

/** A new alert as the first firing delivery of its fingerprint describes it. */
export interface NewAlert {
  fingerprint: string;
  source: string;
  integrationId: string | null;
  severity: Severity;
  name: string;
  summary: string | null;
  description: string | null;
  service: string | null;
  environment: string | null;
  resource: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorUrl: string | null;
  startsAt: string | null;
  seenAt: string;
}

// JSON written through raw SQL, not Prisma's create: Prisma's argument serializer copies
// objects by assignment, which silently drops a `__proto__` label key.

/**
 * Inserts new alerts (firing, first occurrence), skipping fingerprints a concurrent request
 * inserted first (ON CONFLICT DO NOTHING: the caller locks those and treats its delivery as
 * a repeat). Returns the inserted rows.
 */
export async function insertAlerts(tx: Prisma.TransactionClient, rows: NewAlert[]): Promise<AlertState[]> {
  if (rows.length === 0) return [];
  const created = await tx.$queryRaw<Omit<AlertState, 'unattended'>[]>`
    INSERT INTO "Alert" (id, fingerprint, source, "integrationId", status, severity, name, summary,
      description, service, environment, resource, labels, annotations, "generatorUrl", "startsAt",
      "firstSeenAt", "lastSeenAt")
    SELECT gen_random_uuid(), v.fingerprint, v.source, v."integrationId", 'firing', v.severity, v.name,
      v.summary, v.description, v.service, v.environment, v.resource, v.labels, v.annotations,
      v."generatorUrl", v."startsAt", v."seenAt", v."seenAt"
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(
      fingerprint text, source text, "integrationId" uuid, severity text, name text, summary text,
      description text, service text, environment text, resource text, labels jsonb, annotations jsonb,
      "generatorUrl" text, "startsAt" timestamptz, "seenAt" timestamptz)
    ORDER BY v.fingerprint
    ON CONFLICT (fingerprint) DO NOTHING
    RETURNING ${COLUMNS}`;
  return created.map((r) => ({ ...r, unattended: false }));
}

/** Inserts outbox rows; ids follow the array order, so later changes get higher seqs. */
export async function insertOutbox(
  tx: Prisma.TransactionClient,
  rows: { alertId: string; payload: unknown }[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "OutboxEntry" ("alertId", payload)
    SELECT (e->>'alertId')::uuid, e->'payload'
    FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) WITH ORDINALITY AS t(e, n)
    ORDER BY n`;
}
