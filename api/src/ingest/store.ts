import { Prisma, type PrismaClient } from '@hro/db';
import type { AlertChangedEvent, AlertSignal, CanonicalAlert } from '@hro/domain';
import { insertAlerts, insertOutbox, lockAlerts, markUnattended, writeBack, type AlertState } from './alert-rows';
import { decideTransition, type AlertEventKind } from './alert-transition';

/** Counts answered to the sender (202) once everything is committed. */
export interface IngestOutcome {
  /**
   * Deliveries that changed an alert's state (new, resolved, refired, acknowledged, raised),
   * and firing repeats of an alert nothing attends to any more (reraised).
   */
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

const TX_OPTIONS = { maxWait: 10_000, timeout: 60_000 } as const;
const MAX_ATTEMPTS = 5;

function isRetryable(err: unknown): boolean {
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (err.code === 'P2034') return true;
  const text = `${err.message} ${JSON.stringify(err.meta ?? {})}`;
  return /40P01|40001|deadlock detected|could not serialize/.test(text);
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

/**
 * Identity shown and correlated on (name, service, environment, resource): a firing delivery
 * describes the alert and refreshes what it carries; an acknowledge/resolve only names the
 * alert by its key (PagerDuty's carries the key as name, a generic one may omit service), so
 * it never changes it, and an absent field never blanks a stored one.
 */
function refreshIdentity(s: AlertState, a: CanonicalAlert): void {
  if (a.status !== 'firing') return;
  s.name = a.name;
  if (a.service !== undefined) s.service = a.service;
  if (a.environment !== undefined) s.environment = a.environment;
  if (a.resource !== undefined) s.resource = a.resource;
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
  const created = await insertAlerts(
    tx,
    rows.map((a) => ({
      fingerprint: a.fingerprint,
      source: a.source,
      integrationId: ctx.integrationId,
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
      startsAt: a.startsAt ?? null,
      seenAt: ctx.receivedAt.toISOString(),
    })),
  );
  const creating = new Set<CanonicalAlert>();
  for (const c of created) {
    // Its creating delivery writes a firing outbox row: the router will give it a situation.
    states.set(c.fingerprint, c);
    creating.add(firstFiring.get(c.fingerprint)!);
  }
  const lost = rows.filter((a) => !states.has(a.fingerprint)).map((a) => a.fingerprint);
  for (const s of await lockAlerts(tx, lost)) states.set(s.fingerprint, s);
  return creating;
}

async function applyBatch(tx: Prisma.TransactionClient, alerts: CanonicalAlert[], ctx: Ctx): Promise<IngestOutcome> {
  const outcome: IngestOutcome = { accepted: 0, duplicates: 0, ignored: 0, changes: [] };
  const fingerprints = [...new Set(alerts.map((a) => a.fingerprint))].sort();
  const states = new Map((await lockAlerts(tx, fingerprints)).map((s) => [s.fingerprint, s]));
  // Rows that existed before this batch. New ones, ours or a concurrent request's, have a
  // firing outbox row on its way: they are attended.
  await markUnattended(tx, [...states.values()]);
  const creating = await createNew(tx, alerts, ctx, states);

  const touched = new Set<AlertState>();
  const events: Prisma.AlertEventCreateManyInput[] = [];
  const outbox: { alertId: string; payload: OutboxPayload }[] = [];
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
      if (kind !== 'stale') {
        refreshText(s, a);
        refreshIdentity(s, a);
      }
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
      // The alert as stored after this delivery, never the delivery's own fields: a key-only
      // acknowledge/resolve carries no service, environment or labels, and the workflow
      // takes them from here.
      const payload: OutboxPayload = {
        alertId: s.id,
        fingerprint: a.fingerprint,
        status: s.status,
        severity: s.severity,
        name: s.name,
        service: s.service,
        environment: s.environment,
        labels: s.labels as Record<string, string>,
        occurrence: s.occurrence,
        at: eventTime(a, ctx.receivedAt).toISOString(),
      };
      outbox.push({ alertId: s.id, payload });
      // The router will put it in an open situation: later repeats are plain duplicates.
      if (s.status === 'firing') s.unattended = false;
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
        name: s.name,
        service: s.service,
        status: s.status,
        severity: s.severity,
        duplicate: kind === 'duplicate',
        at: ctx.receivedAt.toISOString(),
      });
    }
  }
  await writeBack(tx, [...touched]);
  if (events.length > 0) await tx.alertEvent.createMany({ data: events });
  await insertOutbox(tx, outbox);
  return outcome;
}

/**
 * Stores one request's alerts in ONE transaction: the batch's alert rows are locked (in
 * fingerprint order, so concurrent batches cannot deadlock), new fingerprints inserted with
 * ON CONFLICT DO NOTHING, every delivery applied in order in memory (dedup/flap rules in
 * alert-transition.ts; whether an active alert still has an open situation decides a
 * reraise), then written back with a handful of set-based statements: the
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
