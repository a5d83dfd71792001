import { randomBytes } from 'node:crypto';
import { type Prisma, type PrismaClient } from '@hro/db';
import { isOpenState, maxSeverity, type AlertSignal, type CorrelationConfig, type Severity } from '@hro/domain';
import { correlationKey } from '@hro/workflows/src/correlation';
import type { OutboxPayload } from '../ingest/store';

interface ClaimedRow {
  id: string;
  alertId: string;
  payload: OutboxPayload;
  situationId: string | null;
  situationState: string | null;
  name: string;
  service: string | null;
  environment: string | null;
  resource: string | null;
  labels: Record<string, string>;
  source: string;
}

/** Alerts to deliver to one situation workflow in one signal. */
export interface SituationDelivery {
  situationId: string;
  correlationKey: string;
  outboxIds: bigint[];
  alerts: AlertSignal[];
  /** Alert id → source, for the `alert.changed` events sent once routed. */
  sources: Record<string, string>;
}

/** The result of one claim: deliveries to signal, and rows closed without a signal. */
export interface ClaimResult {
  claimed: number;
  deliveries: SituationDelivery[];
  dropped: number;
}

/** A new situation id: `sit-<12 hex>`. */
export function newSituationId(): string {
  return `sit-${randomBytes(6).toString('hex')}`;
}

function title(r: ClaimedRow): string {
  if (r.service && r.environment) return `${r.service} in ${r.environment}: ${r.name}`;
  if (r.service) return `${r.service}: ${r.name}`;
  return r.name;
}

async function openSituationFor(
  tx: Prisma.TransactionClient,
  key: string,
  rows: ClaimedRow[],
  config: CorrelationConfig,
  now: Date,
): Promise<string> {
  // The CorrelationKey row is the lock that makes "one open situation per key" hold
  // across concurrent router passes and API nodes.
  await tx.$executeRaw`INSERT INTO "CorrelationKey" (key, "situationId", "updatedAt") VALUES (${key}, NULL, ${now}) ON CONFLICT (key) DO NOTHING`;
  const locked = await tx.$queryRaw<{ situationId: string | null; state: string | null; createdAt: Date | null }[]>`
    SELECT k."situationId", s.state, s."createdAt" FROM "CorrelationKey" k
    LEFT JOIN "Situation" s ON s.id = k."situationId"
    WHERE k.key = ${key} FOR UPDATE OF k`;
  const current = locked[0];
  // A situation past its maximum age stops absorbing alerts; new ones open a fresh one.
  const young = current?.createdAt ? now.getTime() - current.createdAt.getTime() < config.maxAgeMs : false;
  if (current?.situationId && isOpenState(current.state) && young) return current.situationId;

  const first = rows[0]!;
  const severity = rows.reduce<Severity>((s, r) => maxSeverity(s, r.payload.severity), first.payload.severity);
  const distinct = new Set(rows.map((r) => r.alertId)).size;
  const id = newSituationId();
  await tx.situation.create({
    data: {
      id,
      correlationKey: key,
      title: title(first),
      state: 'collecting',
      severity,
      service: first.service,
      environment: first.environment,
      alertCount: distinct,
      firingCount: distinct,
      version: 0,
      firstAlertAt: new Date(first.payload.at),
    },
  });
  await tx.correlationKey.update({ where: { key }, data: { situationId: id } });
  return id;
}

/**
 * Claims up to `limit` unrouted outbox rows (FOR UPDATE SKIP LOCKED, so router passes on
 * several API nodes never take the same rows) and decides, in the same transaction, which
 * situation each goes to:
 * - an alert already in an open situation stays there (a flapping alert does not split);
 * - otherwise firing changes go to the key's open situation, created when there is none;
 * - a resolve/ack for an alert with no open situation is closed without a signal (there is
 *   nothing left to inform: its situation is over) — unless the same batch fires it.
 * Alert.situationId is set and committed before any signal is sent.
 */
export async function claimAndAssign(
  prisma: PrismaClient,
  config: CorrelationConfig,
  limit: number,
  now = new Date(),
): Promise<ClaimResult> {
  return prisma.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<ClaimedRow[]>`
        SELECT o.id::text AS id, o."alertId", o.payload, a."situationId", s.state AS "situationState",
               a.name, a.service, a.environment, a.resource, a.labels, a.source
        FROM "OutboxEntry" o
        JOIN "Alert" a ON a.id = o."alertId"
        LEFT JOIN "Situation" s ON s.id = a."situationId"
        WHERE o."routedAt" IS NULL
        ORDER BY o.id
        LIMIT ${limit}
        FOR UPDATE OF o SKIP LOCKED`;
      if (rows.length === 0) return { claimed: 0, deliveries: [], dropped: 0 };

      const firingInBatch = new Set(rows.filter((r) => r.payload.status === 'firing').map((r) => r.alertId));
      const target = new Map<string, string>(); // outbox id → situation id
      const byKey = new Map<string, ClaimedRow[]>();
      const dropped: ClaimedRow[] = [];
      for (const r of rows) {
        if (r.situationId && isOpenState(r.situationState)) target.set(r.id, r.situationId);
        else if (r.payload.status !== 'firing' && !firingInBatch.has(r.alertId)) dropped.push(r);
        else {
          const key = correlationKey(r, config);
          byKey.set(key, [...(byKey.get(key) ?? []), r]);
        }
      }
      const keyOf = new Map<string, string>(); // situation id → correlation key
      // Sorted keys: concurrent passes lock CorrelationKey rows in the same order.
      for (const key of [...byKey.keys()].sort()) {
        const group = byKey.get(key)!;
        const sid = await openSituationFor(tx, key, group, config, now);
        keyOf.set(sid, key);
        for (const r of group) target.set(r.id, sid);
      }

      const deliveries = new Map<string, SituationDelivery>();
      for (const r of rows) {
        const sid = target.get(r.id);
        if (!sid) continue;
        const d = deliveries.get(sid) ?? {
          situationId: sid,
          correlationKey: keyOf.get(sid) ?? '',
          outboxIds: [],
          alerts: [],
          sources: {},
        };
        d.outboxIds.push(BigInt(r.id));
        d.alerts.push({ seq: Number(r.id), ...r.payload });
        d.sources[r.alertId] = r.source;
        deliveries.set(sid, d);
      }
      for (const d of deliveries.values()) {
        const alertIds = [...new Set(d.alerts.map((a) => a.alertId))];
        await tx.alert.updateMany({ where: { id: { in: alertIds } }, data: { situationId: d.situationId } });
        await tx.outboxEntry.updateMany({ where: { id: { in: d.outboxIds } }, data: { workflowId: d.situationId } });
      }
      // Existing situations' keys (for the workflow's start input if it must be (re)started).
      const missing = [...deliveries.values()].filter((d) => !d.correlationKey);
      if (missing.length > 0) {
        const sits = await tx.situation.findMany({
          where: { id: { in: missing.map((d) => d.situationId) } },
          select: { id: true, correlationKey: true },
        });
        for (const s of sits) deliveries.get(s.id)!.correlationKey = s.correlationKey;
      }
      if (dropped.length > 0) {
        await tx.outboxEntry.updateMany({
          where: { id: { in: dropped.map((r) => BigInt(r.id)) } },
          data: { routedAt: now, lastError: 'not routed: the alert has no open situation and is not firing' },
        });
      }
      return { claimed: rows.length, deliveries: [...deliveries.values()], dropped: dropped.length };
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}
