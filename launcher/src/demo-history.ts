import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Prisma, PrismaClient } from '@hro/db';
import { parseRunbook, type SituationFeatures, type SituationState } from '@hro/domain';
import type { Logger } from 'pino';

// Past incidents of the demo shop, finished before the first run, so the recommender has
// evidence (and the analytics hub has history) the moment a new user starts the demo.
// Outcomes are mixed on purpose: a runbook that once failed is ranked with that evidence.

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

/** Ids of the runbooks in the catalog directory (history only references those). */
function catalogIds(runbooksDir: string): Set<string> {
  const ids = new Set<string>();
  for (const f of readdirSync(runbooksDir).filter((n) => /\.ya?ml$/.test(n))) {
    ids.add(parseRunbook(readFileSync(join(runbooksDir, f), 'utf8'), f).id);
  }
  return ids;
}

/** Inserts the past incidents that are missing (fixed ids: a restart inserts nothing). */
export async function seedDemoHistory(prisma: PrismaClient, runbooksDir: string, logger: Logger): Promise<number> {
  const ids = catalogIds(runbooksDir);
  const now = Date.now();
  const rows: Prisma.SituationCreateManyInput[] = [];
  const transitions: Prisma.SituationTransitionCreateManyInput[] = [];
  for (const i of INCIDENTS.filter((x) => ids.has(x.runbookId))) {
    const first = new Date(now - i.daysAgo * 86_400_000);
    const at = (min: number) => new Date(first.getTime() + min * 60_000);
    const closed = at(i.minutesToResolve);
    const path: [SituationState, number][] = [
      ['collecting', 0],
      ['recommending', 0.5],
      ['awaiting_approval', 1],
      ['executing', 4],
      ['verifying', i.minutesToResolve - 2],
      [i.state, i.minutesToResolve],
    ];
    rows.push({
      id: i.id,
      correlationKey: `environment=${ENV}|service=${i.service}`,
      title: i.title,
      state: i.state,
      severity: i.severity,
      service: i.service,
      environment: ENV,
      alertCount: i.alertNames.length,
      firingCount: 0,
      version: path.length,
      runbookId: i.runbookId,
      features: features(i) as unknown as Prisma.InputJsonValue,
      outcome: { state: i.state, message: i.message, compensationsRun: [], seeded: true },
      firstAlertAt: first,
      decidedAt: at(4),
      closedAt: closed,
      createdAt: first,
      updatedAt: closed,
    });
    path.forEach(([toState, min], n) =>
      transitions.push({
        situationId: i.id,
        fromState: n === 0 ? null : (path[n - 1]?.[0] ?? null),
        toState,
        at: at(min),
        reason: n === 0 ? 'demo history (seeded by the launcher)' : '',
        version: n + 1,
      }),
    );
  }
  const created = await prisma.situation.createMany({ data: rows, skipDuplicates: true });
  await prisma.situationTransition.createMany({ data: transitions, skipDuplicates: true });
  if (created.count) logger.info({ situations: created.count }, 'seeded demo history (past resolved situations)');
  return created.count;
}
