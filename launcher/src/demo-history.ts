import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Prisma, PrismaClient } from '@hro/db';
import {
  RETRY_PROFILES,
  parseRunbook,
  requiredApprovals,
  type Runbook,
  type SituationFeatures,
  type SituationState,
} from '@hro/domain';
import type { Logger } from 'pino';

// Past incidents of the demo shop, finished before the first run, so the recommender has
// evidence (and the analytics hub has history) the moment a new user starts the demo.
// Outcomes are mixed on purpose: a runbook that once failed is ranked with that evidence.
// Each incident is written as the live pipeline would have left it: its alerts and their
// deliveries (Alertmanager repeats included, so dedup and compression are realistic), the
// transitions the workflow projects (same-state ones for alert updates and a first of two
// approvals too) and the execution steps of its runbook (compensations for a rollback).

/** The demo shop's environment label, as the replayed Alertmanager payloads carry it. */
const ENV = 'prod';

interface PastIncident {
  /** `sit-<12 hex>` like live situations; fixed so seeding twice inserts nothing. */
  id: string;
  daysAgo: number;
  minutesToResolve: number;
  title: string;
  severity: 'critical' | 'warning';
  service: string;
  runbookId: string;
  state: SituationState;
  alertNames: string[];
  /** An alert that resolved and fired again while the situation waited for a decision. */
  flapping?: string;
  labels: Record<string, string>;
  message: string;
}

const INCIDENTS: PastIncident[] = [
  {
    id: 'sit-00000000d001',
    daysAgo: 27,
    minutesToResolve: 14,
    title: 'orders-db primary down (prod)',
    severity: 'critical',
    service: 'orders-db',
    runbookId: 'failover-database',
    state: 'resolved',
    alertNames: ['DatabasePrimaryDown', 'DatabaseReplicationBroken'],
    labels: { cluster: 'orders-db', team: 'data' },
    message: 'Replica promoted; writes accepted again after 40 s.',
  },
  {
    id: 'sit-00000000d002',
    daysAgo: 21,
    minutesToResolve: 9,
    title: 'api connection pool saturated (prod)',
    severity: 'warning',
    service: 'api',
    runbookId: 'drain-connection-pool',
    state: 'resolved',
    alertNames: ['ApiConnectionPoolSaturated', 'ApiHighLatency'],
    labels: { team: 'web' },
    message: 'Pool recycled; p99 back under 300 ms.',
  },
  {
    id: 'sit-00000000d003',
    daysAgo: 18,
    minutesToResolve: 22,
    title: 'checkout error rate after deploy (prod)',
    severity: 'critical',
    service: 'checkout',
    runbookId: 'rollback-deployment',
    state: 'resolved',
    alertNames: ['CheckoutHighErrorRate', 'DeploymentErrorBudgetBurn'],
    labels: { team: 'payments' },
    message: 'Rolled back to the previous release; errors stopped.',
  },
  {
    id: 'sit-00000000d004',
    daysAgo: 15,
    minutesToResolve: 31,
    title: 'api latency during traffic spike (prod)',
    severity: 'warning',
    service: 'api',
    runbookId: 'scale-out',
    state: 'resolved',
    alertNames: ['ApiHighLatency', 'HighRequestRate', 'HighCpuUsage'],
    flapping: 'HighCpuUsage',
    labels: { team: 'web' },
    message: 'Scaled from 3 to 6 replicas; latency recovered.',
  },
  {
    id: 'sit-00000000d005',
    daysAgo: 11,
    minutesToResolve: 26,
    title: 'api connection pool saturated (prod)',
    severity: 'warning',
    service: 'api',
    runbookId: 'drain-connection-pool',
    state: 'not_fixed',
    alertNames: ['ApiConnectionPoolSaturated', 'ApiHighLatency'],
    labels: { team: 'web' },
    message: 'Pool drained but the database stayed down; alerts kept firing.',
  },
  {
    id: 'sit-00000000d006',
    daysAgo: 8,
    minutesToResolve: 12,
    title: 'checkout memory leak (prod)',
    severity: 'warning',
    service: 'checkout',
    runbookId: 'restart-service',
    state: 'resolved',
    alertNames: ['HighMemoryUsage', 'ServiceUnhealthy'],
    labels: { team: 'payments' },
    message: 'Rolling restart cleared the leak.',
  },
  {
    id: 'sit-00000000d007',
    daysAgo: 4,
    minutesToResolve: 18,
    title: 'orders-db primary down (prod)',
    severity: 'critical',
    service: 'orders-db',
    runbookId: 'failover-database',
    state: 'resolved',
    alertNames: ['DatabasePrimaryDown'],
    labels: { cluster: 'orders-db', team: 'data' },
    message: 'Replica promoted; checkout maintenance ended.',
  },
  {
    id: 'sit-00000000d008',
    daysAgo: 2,
    minutesToResolve: 7,
    title: 'checkout error rate after deploy (prod)',
    severity: 'critical',
    service: 'checkout',
    runbookId: 'rollback-deployment',
    state: 'rolled_back',
    alertNames: ['CheckoutHighErrorRate', 'HighErrorRate'],
    labels: { team: 'payments' },
    message: 'Rollback health check failed; the deploy was rolled forward again.',
  },
];

// Timing of the story every incident follows, in seconds after its first alert.
const ALERT_SPACING_S = 8; // the other alerts join one by one, within the group window
const GROUP_WINDOW_S = 30; // HRO_GROUP_WINDOW_SECONDS' default
const AWAITING_S = 60;
const FIRST_APPROVAL_S = 180; // a high-risk plan's first of two approvals
const EXECUTING_S = 240;
const FLAP_S = [120, 165] as const; // the flapping alert resolves, then fires again
const REPEAT_S = 300; // Alertmanager re-sends a firing alert's group every 5 minutes
const REPLICA_S = 2; // and runs as an HA pair: every notification arrives twice

type Kind = 'fired' | 'duplicate' | 'resolved' | 'refired';

interface SeededAlert {
  name: string;
  /** Firing periods, [start, end] seconds; more than one when it flapped. */
  windows: [number, number][];
  events: [Kind, number][];
}

interface SeededStep {
  index: number;
  phase: 'apply' | 'compensate';
  name: string;
  status: 'succeeded' | 'failed';
  attempts: number;
  error: string | null;
}

/** When each alert fires and resolves. A resolved incident closes on its last alert's resolve. */
function alertWindows(i: PastIncident): SeededAlert[] {
  const end = i.minutesToResolve * 60;
  const verifyAt = end - 120;
  const n = i.alertNames.length;
  return i.alertNames.map((name, k) => {
    const start = k * ALERT_SPACING_S;
    // resolved: they clear one by one while verifying. Otherwise they were still firing when
    // the situation closed; someone fixed it by hand a little later.
    const stop =
      i.state === 'resolved' ? (k === n - 1 ? end : verifyAt + ((k + 1) * 120) / n) : end + (10 + 3 * k) * 60;
    const windows: [number, number][] =
      name === i.flapping
        ? [
            [start, FLAP_S[0]],
            [FLAP_S[1], stop],
          ]
        : [[start, stop]];
    // No repeat after the situation closed: ingest would reraise the alert into a new one.
    const repeatUntil = Math.min(stop, end);
    const events: [Kind, number][] = [];
    windows.forEach(([from, to], w) => {
      events.push([w === 0 ? 'fired' : 'refired', from], ['duplicate', from + REPLICA_S]);
      for (let t = from + REPEAT_S; t < Math.min(to, repeatUntil); t += REPEAT_S) events.push(['duplicate', t]);
      events.push(['resolved', to]);
    });
    return { name, windows, events };
  });
}

/** The transitions the workflow projects, same-state ones (alert updates, a first approval) included. */
function transitions(i: PastIncident, runbook: Runbook, alerts: SeededAlert[]): [SituationState, number, string][] {
  const end = i.minutesToResolve * 60;
  const n = alerts.length;
  const out: [SituationState, number, string][] = [['collecting', 0, 'demo history (seeded by the launcher)']];
  for (let k = 1; k < n; k++) out.push(['collecting', k * ALERT_SPACING_S, `alerts updated: ${k + 1}/${k + 1} firing`]);
  out.push(['recommending', GROUP_WINDOW_S, `group window closed with ${n} alert(s)`]);
  out.push(['awaiting_approval', AWAITING_S, `recommended ${runbook.id}`]);
  if (i.flapping) {
    out.push(['awaiting_approval', FLAP_S[0], `alerts updated: ${n - 1}/${n} firing`]);
    out.push(['awaiting_approval', FLAP_S[1], `alerts updated: ${n}/${n} firing`]);
  }
  if (requiredApprovals(runbook.risk) > 1) {
    out.push(['awaiting_approval', FIRST_APPROVAL_S, 'approved by admin; 1 more approval(s) needed']);
  }
  out.push(['executing', EXECUTING_S, 'approved']);
  if (i.state !== 'rolled_back') {
    out.push(['verifying', end - 120, `all ${runbook.steps.length} step(s) succeeded`]);
    if (i.state === 'resolved') {
      alerts.slice(0, -1).forEach((a, k) => {
        out.push(['verifying', a.windows[a.windows.length - 1]![1], `alerts updated: ${n - k - 1}/${n} firing`]);
      });
    }
  }
  out.push([i.state, end, i.message]);
  return out;
}

/** The runbook's steps as executed: all succeeded, or (rolled_back) the last failed and the earlier ones were undone. */
function executionSteps(i: PastIncident, runbook: Runbook): SeededStep[] {
  const ok = (index: number, name: string, phase: SeededStep['phase'] = 'apply'): SeededStep => ({
    index,
    phase,
    name,
    status: 'succeeded',
    attempts: 1,
    error: null,
  });
  if (i.state !== 'rolled_back') return runbook.steps.map((s, n) => ok(n, s.name));
  const failed = runbook.steps.length - 1;
  const last = runbook.steps[failed]!;
  return [
    ...runbook.steps.slice(0, failed).map((s, n) => ok(n, s.name)),
    {
      index: failed,
      phase: 'apply',
      name: last.name,
      status: 'failed',
      attempts: RETRY_PROFILES[last.retry].maximumAttempts,
      error: last.action.kind === 'check' ? 'check got status 503 (expected 200)' : 'unexpected status 503',
    },
    // Compensations run in reverse order, for the completed steps that have one.
    ...runbook.steps
      .slice(0, failed)
      .map((s, n) => (s.compensate ? ok(n, `undo: ${s.name}`, 'compensate') : null))
      .filter((s): s is SeededStep => s !== null)
      .reverse(),
  ];
}

function features(i: PastIncident): SituationFeatures {
  // As the workflow derives them: the labels every alert of the situation shared.
  const labels = { ...i.labels, environment: ENV, service: i.service, severity: i.severity };
  const alertNames = [...i.alertNames].sort();
  return {
    alertNames,
    services: [i.service],
    environments: [ENV],
    labels,
    text: [...alertNames, i.service, ENV, ...Object.values(labels)].join(' '),
  };
}

/** The runbooks in the catalog directory by id (history only references those). */
function catalog(runbooksDir: string): Map<string, Runbook> {
  const byId = new Map<string, Runbook>();
  for (const f of readdirSync(runbooksDir).filter((n) => /\.ya?ml$/.test(n))) {
    const r = parseRunbook(readFileSync(join(runbooksDir, f), 'utf8'), f);
    byId.set(r.id, r);
  }
  return byId;
}

/** A fixed UUID per seeded alert (`k` < 16), so a restart finds it instead of adding another. */
const alertId = (situationId: string, k: number) => `5eed000${k.toString(16)}-0000-4000-8000-${situationId.slice(4)}`;

export interface SeededHistory {
  situations: number;
  alerts: number;
}

/**
 * Inserts what is missing of the past incidents, in one transaction. Fixed ids make a restart
 * insert nothing; a situation seeded by an older launcher (no alerts, no steps) gets them,
 * timed from its own creation, and keeps its transitions.
 */
export async function seedDemoHistory(
  prisma: PrismaClient,
  runbooksDir: string,
  logger: Logger,
  now: Date = new Date(),
): Promise<SeededHistory> {
  const runbooks = catalog(runbooksDir);
  const incidents = INCIDENTS.filter((x) => runbooks.has(x.runbookId));
  const existing = new Map(
    (
      await prisma.situation.findMany({
        where: { id: { in: incidents.map((i) => i.id) } },
        select: { id: true, createdAt: true },
      })
    ).map((s) => [s.id, s.createdAt]),
  );
  // The deliveries came in through the demo's Alertmanager integration, if there is one.
  const integration = await prisma.integration.findFirst({
    where: { kind: 'alertmanager' },
    orderBy: { createdAt: 'asc' },
    select: { id: true },
  });
  const integrationId = integration?.id ?? null;

  const situations: Prisma.SituationCreateManyInput[] = [];
  const transitionRows: Prisma.SituationTransitionCreateManyInput[] = [];
  const alertRows: Prisma.AlertCreateManyInput[] = [];
  const eventsOf = new Map<string, Prisma.AlertEventCreateManyInput[]>();
  const stepRows: Prisma.ExecutionStepCreateManyInput[] = [];
  for (const i of incidents) {
    const runbook = runbooks.get(i.runbookId)!;
    const first = existing.get(i.id) ?? new Date(now.getTime() - i.daysAgo * 86_400_000);
    const at = (sec: number) => new Date(first.getTime() + Math.round(sec * 1000));
    const end = i.minutesToResolve * 60;
    const alerts = alertWindows(i);
    const path = transitions(i, runbook, alerts);
    const steps = executionSteps(i, runbook);
    if (!existing.has(i.id)) {
      situations.push({
        id: i.id,
        correlationKey: `environment=${ENV}|service=${i.service}`,
        title: i.title,
        state: i.state,
        severity: i.severity,
        service: i.service,
        environment: ENV,
        alertCount: alerts.length,
        // As projected when it closed: a remediation that did not hold left its alerts firing.
        firingCount: i.state === 'resolved' ? 0 : alerts.length,
        version: path.length,
        runbookId: i.runbookId,
        features: features(i) as unknown as Prisma.InputJsonValue,
        outcome: {
          state: i.state,
          message: i.message,
          compensationsRun: steps.filter((s) => s.phase === 'compensate').map((s) => runbook.steps[s.index]!.name),
          seeded: true,
        },
        firstAlertAt: first,
        decidedAt: at(EXECUTING_S),
        closedAt: at(end),
        createdAt: first,
        updatedAt: at(end),
      });
      path.forEach(([toState, sec, reason], n) =>
        transitionRows.push({
          situationId: i.id,
          fromState: n === 0 ? null : (path[n - 1]?.[0] ?? null),
          toState,
          at: at(sec),
          reason,
          version: n + 1,
        }),
      );
    }
    alerts.forEach((a, k) => {
      const id = alertId(i.id, k);
      const times = a.events.map(([, sec]) => sec);
      const lastStart = a.windows[a.windows.length - 1]![0];
      const resolvedAt = at(Math.max(...times));
      alertRows.push({
        id,
        fingerprint: `alertmanager:demo-history-${i.id.slice(4)}-${k}`,
        source: 'alertmanager',
        integrationId,
        status: 'resolved',
        severity: i.severity,
        name: a.name,
        summary: `${a.name} on ${i.service} (${ENV})`,
        service: i.service,
        environment: ENV,
        labels: { alertname: a.name, ...i.labels, environment: ENV, service: i.service, severity: i.severity },
        startsAt: at(lastStart),
        endsAt: resolvedAt,
        resolvedAt,
        firstSeenAt: at(Math.min(...times)),
        lastSeenAt: resolvedAt,
        count: a.events.length,
        flapCount: a.windows.length - 1,
        occurrence: a.windows.length,
        situationId: i.id,
      });
      eventsOf.set(
        id,
        a.events.map(([kind, sec]) => ({
          alertId: id,
          kind,
          status: kind === 'resolved' ? 'resolved' : 'firing',
          severity: i.severity,
          integrationId,
          source: 'alertmanager',
          at: at(sec),
        })),
      );
    });
    // The steps share the executing period, one after the other.
    const execEnd = i.state === 'rolled_back' ? end : end - 120;
    const slot = (execEnd - EXECUTING_S) / steps.length;
    steps.forEach((s, n) =>
      stepRows.push({
        situationId: i.id,
        index: s.index,
        phase: s.phase,
        name: s.name,
        status: s.status,
        attempts: s.attempts,
        idempotencyKey: `${i.id}:${s.phase}:${s.index}`,
        output: s.status === 'succeeded' ? 'seeded demo history' : null,
        error: s.error,
        startedAt: at(EXECUTING_S + n * slot),
        finishedAt: at(EXECUTING_S + (n + 1) * slot - 1),
        updatedAt: at(EXECUTING_S + (n + 1) * slot - 1),
      }),
    );
  }

  const result = await prisma.$transaction(async (tx) => {
    const created = await tx.situation.createMany({ data: situations, skipDuplicates: true });
    await tx.situationTransition.createMany({ data: transitionRows, skipDuplicates: true });
    // Deliveries have no natural key: they go in only with the alert they belong to.
    const newAlerts = await tx.alert.createManyAndReturn({
      data: alertRows,
      skipDuplicates: true,
      select: { id: true },
    });
    await tx.alertEvent.createMany({ data: newAlerts.flatMap((a) => eventsOf.get(a.id) ?? []) });
    await tx.executionStep.createMany({ data: stepRows, skipDuplicates: true });
    return { situations: created.count, alerts: newAlerts.length };
  });
  if (result.situations || result.alerts) {
    logger.info(result, 'seeded demo history (past situations, their alerts and execution steps)');
  }
  return result;
}
