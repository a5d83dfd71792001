import { Prisma, type PrismaClient } from '@hro/db';
import type { AlertChangedEvent, AlertSignal, AlertStatus, CanonicalAlert, Severity } from '@hro/domain';
import { decideTransition, type Transition } from './alert-transition';

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

interface LockedAlert {
  id: string;
  status: AlertStatus;
  severity: Severity;
  startsAt: Date | null;
  situationId: string | null;
  occurrence: number;
}

const TX_OPTIONS = { maxWait: 10_000, timeout: 60_000 } as const;
const MAX_ATTEMPTS = 5;

function isRetryable(err: unknown): boolean {
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (err.code === 'P2034') return true;
  const text = `${err.message} ${JSON.stringify(err.meta ?? {})}`;
  return /40P01|40001|deadlock detected|could not serialize/.test(text);
}

async function lockAlert(tx: Prisma.TransactionClient, fingerprint: string): Promise<LockedAlert | null> {
  const rows = await tx.$queryRaw<LockedAlert[]>`
    SELECT id, status, severity, "startsAt", "situationId", occurrence
    FROM "Alert" WHERE fingerprint = ${fingerprint} FOR UPDATE`;
  return rows[0] ?? null;
}

const date = (iso: string | undefined): Date | undefined => (iso ? new Date(iso) : undefined);

function eventTime(a: CanonicalAlert, receivedAt: Date): Date {
  if (a.status === 'resolved') return date(a.endsAt) ?? receivedAt;
  if (a.status === 'firing') return date(a.startsAt) ?? receivedAt;
  return receivedAt;
}

/** Text fields refreshed on every delivery: annotations change while an alert fires. */
function textFields(a: CanonicalAlert) {
  return {
    labels: a.labels,
    annotations: a.annotations,
    ...(a.summary !== undefined ? { summary: a.summary } : {}),
    ...(a.description !== undefined ? { description: a.description } : {}),
    ...(a.generatorUrl !== undefined ? { generatorUrl: a.generatorUrl } : {}),
  };
}

async function applyOne(
  tx: Prisma.TransactionClient,
  a: CanonicalAlert,
  ctx: { integrationId: string | null; receivedAt: Date },
  outcome: IngestOutcome,
): Promise<void> {
  let stored = await lockAlert(tx, a.fingerprint);
  let t: Transition = decideTransition(stored, a);
  let target: { id: string; occurrence: number; situationId: string | null } | undefined;

  if (!stored && t.kind === 'fired') {
    // ON CONFLICT DO NOTHING: a concurrent request may insert the same fingerprint first;
    // then we lock its row and treat this delivery as a repeat instead of failing.
    const created = await tx.alert.createManyAndReturn({
      data: [
        {
          fingerprint: a.fingerprint,
          source: a.source,
          integrationId: ctx.integrationId,
          status: 'firing',
          severity: t.severity,
          name: a.name,
          service: a.service ?? null,
          environment: a.environment ?? null,
          resource: a.resource ?? null,
          startsAt: date(a.startsAt) ?? null,
          endsAt: date(a.endsAt) ?? null,
          firstSeenAt: ctx.receivedAt,
          lastSeenAt: ctx.receivedAt,
          ...textFields(a),
        },
      ],
      skipDuplicates: true,
      select: { id: true },
    });
    if (created[0]) {
      target = { id: created[0].id, occurrence: 1, situationId: null };
    } else {
      stored = await lockAlert(tx, a.fingerprint);
      t = decideTransition(stored, a);
    }
  }
  if (t.kind === 'ignore') {
    outcome.ignored++;
    return;
  }
  if (!target) {
    if (!stored) throw new Error(`alert ${a.fingerprint} neither created nor found`);
    const occurrence = stored.occurrence + (t.newOccurrence ? 1 : 0);
    target = { id: stored.id, occurrence, situationId: stored.situationId };
    const at = eventTime(a, ctx.receivedAt);
    await tx.alert.update({
      where: { id: stored.id },
      data: {
        count: { increment: 1 },
        lastSeenAt: ctx.receivedAt,
        status: t.status,
        severity: t.severity,
        ...(t.kind === 'stale' ? {} : textFields(a)),
        ...(t.kind === 'resolved' ? { resolvedAt: at, endsAt: date(a.endsAt) ?? at } : {}),
        ...(t.newOccurrence
          ? {
              occurrence,
              flapCount: { increment: 1 },
              resolvedAt: null,
              endsAt: null,
              startsAt: date(a.startsAt) ?? ctx.receivedAt,
            }
          : {}),
      },
    });
  }
  const { id, occurrence: occ, situationId } = target;

  await tx.alertEvent.create({
    data: {
      alertId: id,
      kind: t.kind,
      status: t.status,
      severity: t.severity,
      integrationId: ctx.integrationId,
      source: a.source,
      at: ctx.receivedAt,
    },
  });
  if (t.route) {
    const payload: OutboxPayload = {
      alertId: id,
      fingerprint: a.fingerprint,
      status: t.status,
      severity: t.severity,
      name: a.name,
      service: a.service ?? null,
      environment: a.environment ?? null,
      labels: a.labels,
      occurrence: occ,
      at: eventTime(a, ctx.receivedAt).toISOString(),
    };
    await tx.outboxEntry.create({ data: { alertId: id, payload: payload as unknown as Prisma.InputJsonValue } });
    outcome.accepted++;
  } else if (t.kind === 'stale') {
    outcome.ignored++;
  } else {
    outcome.duplicates++;
  }
  if (t.kind !== 'stale') {
    outcome.changes.push({
      alertId: id,
      situationId,
      fingerprint: a.fingerprint,
      source: a.source,
      name: a.name,
      service: a.service ?? null,
      status: t.status,
      severity: t.severity,
      duplicate: t.kind === 'duplicate',
      at: ctx.receivedAt.toISOString(),
    });
  }
}

/**
 * Stores one request's alerts in ONE transaction: per alert an upsert by fingerprint, an
 * AlertEvent, and an OutboxEntry for every state change. Alerts are processed in
 * fingerprint order so concurrent batches lock rows in the same order (no deadlocks);
 * serialization failures and deadlocks are retried. Resolves when committed.
 */
export async function storeAlerts(
  prisma: PrismaClient,
  alerts: CanonicalAlert[],
  ctx: { integrationId: string | null; receivedAt: Date },
): Promise<IngestOutcome> {
  // Stable sort: repeated fingerprints within one batch keep their delivery order.
  const ordered = alerts
    .map((a, i) => ({ a, i }))
    .sort((x, y) => (x.a.fingerprint < y.a.fingerprint ? -1 : x.a.fingerprint > y.a.fingerprint ? 1 : x.i - y.i))
    .map((x) => x.a);
  for (let attempt = 1; ; attempt++) {
    const outcome: IngestOutcome = { accepted: 0, duplicates: 0, ignored: 0, changes: [] };
    try {
      await prisma.$transaction(async (tx) => {
        for (const a of ordered) await applyOne(tx, a, ctx, outcome);
      }, TX_OPTIONS);
      return outcome;
    } catch (err) {
      if (attempt >= MAX_ATTEMPTS || !isRetryable(err)) throw err;
      await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 30));
    }
  }
}
