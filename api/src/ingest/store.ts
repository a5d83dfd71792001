import { Prisma, type PrismaClient } from '@hro/db';
import type { AlertChangedEvent, AlertSignal, AlertStatus, CanonicalAlert, Severity } from '@hro/domain';
import { decideTransition, type AlertEventKind } from './alert-transition';

/** Counts answered to the sender (202) once everything is committed. */
export interface IngestOutcome {
  /** Deliveries that changed an alert's state (new, resolved, refired, acknowledged, raised). */
  accepted: number;
  /** Deliveries that repeated the stored state: counted on the alert, not routed. */
  duplicates: number;
  /** Resolves/acks of unknown alerts and stale (older-occurrence) deliveries: nothing changed. */
  ignored: number;
  /** For the realtime hook, emitted after commit. */
  changes: AlertChangedEvent[];
}

/** The outbox payload: an AlertSignal without `seq` (the router uses the outbox id). */
export type OutboxPayload = Omit<AlertSignal, 'seq'>;

/** A locked alert row as the batch works on it in memory; written back in one UPDATE. */
interface AlertState {
  id: string;
  fingerprint: string;
  status: AlertStatus;
  severity: Severity;
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
}

const TX_OPTIONS = { maxWait: 10_000, timeout: 60_000 } as const;
const MAX_ATTEMPTS = 5;

function isRetryable(err: unknown): boolean {
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (err.code === 'P2034') return true;
  const text = `${err.message} ${JSON.stringify(err.meta ?? {})}`;
  return /40P01|40001|deadlock detected|could not serialize/.test(text);
}

/** Locks the rows of these fingerprints, in fingerprint order so concurrent batches never deadlock. */
async function lockAlerts(tx: Prisma.TransactionClient, fingerprints: string[]): Promise<AlertState[]> {
  if (fingerprints.length === 0) return [];
  return tx.$queryRaw<AlertState[]>`
    SELECT id, fingerprint, status, severity, "startsAt", "endsAt", "resolvedAt", "situationId",
           occurrence, count, "flapCount", labels, annotations, summary, description, "generatorUrl",
           "lastSeenAt"
    FROM "Alert" WHERE fingerprint = ANY(${fingerprints}::text[])
    ORDER BY fingerprint FOR UPDATE`;
}

const date = (iso: string | undefined): Date | undefined => (iso ? new Date(iso) : undefined);

function eventTime(a: CanonicalAlert, receivedAt: Date): Date {
  if (a.status === 'resolved') return date(a.endsAt) ?? receivedAt;
  if (a.status === 'firing') return date(a.startsAt) ?? receivedAt;
  return receivedAt;
}

const isEmpty = (record: Record<string, string>): boolean => Object.keys(record).length === 0;

/**
 * Text fields refreshed on every delivery: annotations change while an alert fires. A
 * non-firing delivery that carries no labels or annotations (PagerDuty's key-only
 * acknowledge/resolve) keeps the stored ones instead of wiping them.
 */
function refreshText(s: AlertState, a: CanonicalAlert): void {
  const keyOnly = a.status !== 'firing';
  if (!(keyOnly && isEmpty(a.labels))) s.labels = a.labels;
  if (!(keyOnly && isEmpty(a.annotations))) s.annotations = a.annotations;
  if (a.summary !== undefined) s.summary = a.summary;
  if (a.description !== undefined) s.description = a.description;
  if (a.generatorUrl !== undefined) s.generatorUrl = a.generatorUrl;
}

type Ctx = { integrationId: string | null; receivedAt: Date };

async function createNew(
  tx: Prisma.TransactionClient,
  alerts: CanonicalAlert[],
  ctx: Ctx,
  states: Map<string, AlertState>,
) {
  // The first firing delivery of each unknown fingerprint creates it; earlier resolves/acks
  // of it in the same batch are ignored like any resolve of an unknown alert.
  const firstFiring = new Map<string, CanonicalAlert>();
  for (const a of alerts) {
    if (!states.has(a.fingerprint) && a.status === 'firing' && !firstFiring.has(a.fingerprint)) {
      firstFiring.set(a.fingerprint, a);
    }
  }
  if (firstFiring.size === 0) return new Set<CanonicalAlert>();
  const rows = [...firstFiring.values()].sort((x, y) => (x.fingerprint < y.fingerprint ? -1 : 1));
  // ON CONFLICT DO NOTHING: a concurrent request may insert a fingerprint first; we then lock
  // its row and treat our delivery as a repeat instead of failing.
  const created = await tx.alert.createManyAndReturn({
    data: rows.map((a) => ({
      fingerprint: a.fingerprint,
      source: a.source,
      integrationId: ctx.integrationId,
      status: 'firing',
      severity: a.severity ?? 'warning',
      name: a.name,
      summary: a.summary ?? null,
      description: a.description ?? null,
      service: a.service ?? null,
      environment: a.environment ?? null,
      resource: a.resource ?? null,
      labels: a.labels,
      annotations: a.annotations,
      generatorUrl: a.generatorUrl ?? null,
      startsAt: date(a.startsAt) ?? null,
      endsAt: null,
      firstSeenAt: ctx.receivedAt,
      lastSeenAt: ctx.receivedAt,
    })),
    skipDuplicates: true,
  });
  const creating = new Set<CanonicalAlert>();
  for (const c of created) {
    states.set(c.fingerprint, {
      ...c,
      status: c.status as AlertStatus,
      severity: c.severity as Severity,
    });
    creating.add(firstFiring.get(c.fingerprint)!);
  }
  const lost = rows.filter((a) => !states.has(a.fingerprint)).map((a) => a.fingerprint);
  for (const s of await lockAlerts(tx, lost)) states.set(s.fingerprint, s);
  return creating;
}

async function writeBack(tx: Prisma.TransactionClient, touched: AlertState[]): Promise<void> {
  if (touched.length === 0) return;
  const rows = touched.map((s) => ({
    id: s.id,
    status: s.status,
    severity: s.severity,
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
  // One statement for the whole batch: the rows are locked, so absolute values are safe.
  await tx.$executeRaw`
    UPDATE "Alert" AS a SET
      status = v.status, severity = v.severity, count = v.count, "flapCount" = v."flapCount",
      occurrence = v.occurrence, "lastSeenAt" = v."lastSeenAt", "startsAt" = v."startsAt",
      "endsAt" = v."endsAt", "resolvedAt" = v."resolvedAt", labels = v.labels,
      annotations = v.annotations, summary = v.summary, description = v.description,
      "generatorUrl" = v."generatorUrl"
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(
      id uuid, status text, severity text, count int, "flapCount" int, occurrence int,
      "lastSeenAt" timestamptz, "startsAt" timestamptz, "endsAt" timestamptz, "resolvedAt" timestamptz,
      labels jsonb, annotations jsonb, summary text, description text, "generatorUrl" text)
    WHERE a.id = v.id`;
}

async function applyBatch(tx: Prisma.TransactionClient, alerts: CanonicalAlert[], ctx: Ctx): Promise<IngestOutcome> {
  const outcome: IngestOutcome = { accepted: 0, duplicates: 0, ignored: 0, changes: [] };
  const fingerprints = [...new Set(alerts.map((a) => a.fingerprint))].sort();
  const states = new Map((await lockAlerts(tx, fingerprints)).map((s) => [s.fingerprint, s]));
  const creating = await createNew(tx, alerts, ctx, states);

  const touched = new Set<AlertState>();
  const events: Prisma.AlertEventCreateManyInput[] = [];
  const outbox: Prisma.OutboxEntryCreateManyInput[] = [];
  // Deliveries apply in the order received, so a batch that fires then resolves ends resolved.
  // Fingerprints this batch creates do not exist before their creating delivery.
  const notYet = new Set([...creating].map((a) => a.fingerprint));
  for (const a of alerts) {
    const s = states.get(a.fingerprint);
    let kind: AlertEventKind;
    let route: boolean;
    if (s && creating.has(a)) {
      notYet.delete(a.fingerprint);
      kind = 'fired';
      route = true;
    } else if (notYet.has(a.fingerprint)) {
      outcome.ignored++;
      continue;
    } else {
      const t = decideTransition(s ?? null, a);
      if (t.kind === 'ignore' || !s) {
        outcome.ignored++;
        continue;
      }
      kind = t.kind;
      route = t.route;
      s.count++;
      s.lastSeenAt = ctx.receivedAt;
      s.status = t.status;
      s.severity = t.severity;
      if (kind !== 'stale') refreshText(s, a);
      if (kind === 'resolved') {
        s.resolvedAt = eventTime(a, ctx.receivedAt);
        s.endsAt = date(a.endsAt) ?? s.resolvedAt;
      }
      if (t.newOccurrence) {
        s.occurrence++;
        s.flapCount++;
        s.resolvedAt = null;
        s.endsAt = null;
        s.startsAt = date(a.startsAt) ?? null;
      }
      touched.add(s);
    }
    events.push({
      alertId: s.id,
      kind,
      status: s.status,
      severity: s.severity,
      integrationId: ctx.integrationId,
      source: a.source,
      at: ctx.receivedAt,
    });
    if (route) {
      const payload: OutboxPayload = {
        alertId: s.id,
        fingerprint: a.fingerprint,
        status: s.status,
        severity: s.severity,
        name: a.name,
        service: a.service ?? null,
        environment: a.environment ?? null,
        // The stored labels: a key-only acknowledge/resolve carries none of its own.
        labels: s.labels as Record<string, string>,
        occurrence: s.occurrence,
        at: eventTime(a, ctx.receivedAt).toISOString(),
      };
      outbox.push({ alertId: s.id, payload: payload as unknown as Prisma.InputJsonValue });
      outcome.accepted++;
    } else if (kind === 'stale') {
      outcome.ignored++;
    } else {
      outcome.duplicates++;
    }
    if (kind !== 'stale') {
      outcome.changes.push({
        alertId: s.id,
        situationId: s.situationId,
        fingerprint: a.fingerprint,
        source: a.source,
        name: a.name,
        service: a.service ?? null,
        status: s.status,
        severity: s.severity,
        duplicate: kind === 'duplicate',
        at: ctx.receivedAt.toISOString(),
      });
    }
  }
  await writeBack(tx, [...touched]);
  if (events.length > 0) await tx.alertEvent.createMany({ data: events });
  // Multi-row insert assigns outbox ids in delivery order: later changes get higher seqs.
  if (outbox.length > 0) await tx.outboxEntry.createMany({ data: outbox });
  return outcome;
}

/**
 * Stores one request's alerts in ONE transaction: the batch's alert rows are locked (in
 * fingerprint order, so concurrent batches cannot deadlock), new fingerprints inserted with
 * ON CONFLICT DO NOTHING, every delivery applied in order in memory (dedup/flap rules in
 * alert-transition.ts), then written back with a handful of set-based statements: the
 * alerts, one AlertEvent per delivery and one OutboxEntry per state change. Deadlocks and
 * serialization failures are retried. Resolves when committed.
 */
export async function storeAlerts(prisma: PrismaClient, alerts: CanonicalAlert[], ctx: Ctx): Promise<IngestOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction((tx) => applyBatch(tx, alerts, ctx), TX_OPTIONS);
    } catch (err) {
      if (attempt >= MAX_ATTEMPTS || !isRetryable(err)) throw err;
      await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 30));
    }
  }
}
