import type { PrismaClient } from '@hro/db';

/**
 * A small, fully known dataset for the analytics tests. Every expected value in
 * analytics-*.test.ts is derived by hand from the comments below; change one, recheck all.
 *
 * Range under test: [T0, T0 + 24h). Times are "HH:MM" after T0 unless noted.
 *
 * Alerts (service/env, name, integration) and their deliveries (AlertEvent):
 *   A1 checkout/prod HighErrorRate am-prod  fired 01:00, dup 01:01, dup 01:02, resolved 01:10, refired 01:20  → S1
 *   A2 checkout/prod HighLatency   am-prod  fired 01:05, dup 02:05                                           → S1
 *   A3 db/prod       DiskFull      grafana  fired 03:00                                                      → S2
 *   A4 db/staging    DiskFull      grafana  fired 03:30, dup 03:31, resolved 05:00                            → S3
 *   A5 search/prod   HighLatency   (none, source generic) fired 10:00                                         → S4
 *   A6 checkout/prod OldAlert      am-prod  fired T0-1h, refired T0-30m, dup at exactly T0+24h (all outside)  → S0
 *
 * Situations (service/env, state, runbook, transitions, decisions). "(same)" marks a transition
 * into the state the situation is already in, as the workflow projects alert updates, an
 * escalation and the first of two approvals: it continues the stay, it is not a new one.
 *   S0 checkout/prod resolved, created T0-2h (outside the range)
 *   S1 checkout/prod resolved     restart-service  collecting 01:00, recommending 01:01, awaiting 01:02,
 *      awaiting 01:05 (same: A2 joined), executing 01:12, verifying 01:15, verifying 01:20 (same: A1
 *      refired), resolved 01:30; U1 approves 01:12
 *   S2 db/prod       rolled_back  failover-db, escalated  collecting 03:00, recommending 03:01, awaiting 03:02,
 *      awaiting 03:12 (same: escalated), awaiting 03:20 (same: U1's approval, one more needed),
 *      executing 03:22, rolled_back 03:40; U1 approves 03:20, U2 approves 03:22; one compensation ran
 *   S3 db/staging    expired      failover-db, escalated  collecting 03:30, recommending 03:31, awaiting 03:32,
 *      awaiting 03:42 (same: escalated), expired 04:32
 *   S4 search/prod   awaiting_approval (open) scale-out  collecting 10:00, recommending 10:01, awaiting 10:02
 *   S5 checkout/prod rejected     restart-service  collecting 12:00, recommending 12:01, awaiting 12:02,
 *      rejected 12:07; U1 rejects 12:07
 *   S6 checkout/staging auto_resolved (no runbook)  collecting 14:00, auto_resolved 14:05
 *   S7 search/prod   not_fixed    recommended restart-service but U2 approves scale-out 16:04;
 *      collecting 16:00, recommending 16:01, awaiting 16:02, executing 16:04, verifying 16:05, not_fixed 16:15
 */
export const T0 = new Date('2026-11-02T00:00:00.000Z');
export const FROM = T0.toISOString();

/** Clock helpers anchored at `t0`: `at(minutes)` and `hm("HH:MM")` after it. */
export function clock(t0: Date) {
  const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
  const hm = (hhmm: string) => {
    const [h, m] = hhmm.split(':').map(Number) as [number, number];
    return at(h * 60 + m);
  };
  return { at, hm };
}
/** T0 plus `minutes`; T0 plus "HH:MM". */
export const { at, hm } = clock(T0);
export const TO = at(24 * 60).toISOString();

export const IDS = {
  am: '00000000-0000-4000-8000-0000000000a1',
  grafana: '00000000-0000-4000-8000-0000000000a2',
  u1: '00000000-0000-4000-8000-0000000000b1',
  u2: '00000000-0000-4000-8000-0000000000b2',
  a: (n: number) => `00000000-0000-4000-8000-00000000000${n}`,
};

type Kind = 'fired' | 'duplicate' | 'resolved' | 'refired';

function dataset(t0: Date) {
  const { at, hm } = clock(t0);
  const ALERTS: {
    n: number;
    service: string;
    environment: string;
    name: string;
    integrationId: string | null;
    source: string;
    flapCount: number;
    situationId: string;
    events: [Kind, Date][];
  }[] = [
    {
      n: 1,
      service: 'checkout',
      environment: 'prod',
      name: 'HighErrorRate',
      integrationId: IDS.am,
      source: 'alertmanager',
      flapCount: 1,
      situationId: 'sit-1',
      events: [
        ['fired', hm('01:00')],
        ['duplicate', hm('01:01')],
        ['duplicate', hm('01:02')],
        ['resolved', hm('01:10')],
        ['refired', hm('01:20')],
      ],
    },
    {
      n: 2,
      service: 'checkout',
      environment: 'prod',
      name: 'HighLatency',
      integrationId: IDS.am,
      source: 'alertmanager',
      flapCount: 0,
      situationId: 'sit-1',
      events: [
        ['fired', hm('01:05')],
        ['duplicate', hm('02:05')],
      ],
    },
    {
      n: 3,
      service: 'db',
      environment: 'prod',
      name: 'DiskFull',
      integrationId: IDS.grafana,
      source: 'grafana',
      flapCount: 0,
      situationId: 'sit-2',
      events: [['fired', hm('03:00')]],
    },
    {
      n: 4,
      service: 'db',
      environment: 'staging',
      name: 'DiskFull',
      integrationId: IDS.grafana,
      source: 'grafana',
      flapCount: 0,
      situationId: 'sit-3',
      events: [
        ['fired', hm('03:30')],
        ['duplicate', hm('03:31')],
        ['resolved', hm('05:00')],
      ],
    },
    {
      n: 5,
      service: 'search',
      environment: 'prod',
      name: 'HighLatency',
      integrationId: null,
      source: 'generic',
      flapCount: 0,
      situationId: 'sit-4',
      events: [['fired', hm('10:00')]],
    },
    {
      n: 6,
      service: 'checkout',
      environment: 'prod',
      name: 'OldAlert',
      integrationId: IDS.am,
      source: 'alertmanager',
      flapCount: 1,
      situationId: 'sit-0',
      events: [
        ['fired', at(-60)],
        ['refired', at(-30)],
        ['duplicate', at(24 * 60)],
      ],
    },
  ];

  const SITUATIONS: {
    id: string;
    service: string;
    environment: string;
    state: string;
    runbookId: string | null;
    escalated?: boolean;
    transitions: [string, Date][];
  }[] = [
    {
      id: 'sit-0',
      service: 'checkout',
      environment: 'prod',
      state: 'resolved',
      runbookId: 'restart-service',
      transitions: [
        ['collecting', at(-120)],
        ['resolved', at(-90)],
      ],
    },
    {
      id: 'sit-1',
      service: 'checkout',
      environment: 'prod',
      state: 'resolved',
      runbookId: 'restart-service',
      transitions: [
        ['collecting', hm('01:00')],
        ['recommending', hm('01:01')],
        ['awaiting_approval', hm('01:02')],
        ['awaiting_approval', hm('01:05')],
        ['executing', hm('01:12')],
        ['verifying', hm('01:15')],
        ['verifying', hm('01:20')],
        ['resolved', hm('01:30')],
      ],
    },
    {
      id: 'sit-2',
      service: 'db',
      environment: 'prod',
      state: 'rolled_back',
      runbookId: 'failover-db',
      escalated: true,
      transitions: [
        ['collecting', hm('03:00')],
        ['recommending', hm('03:01')],
        ['awaiting_approval', hm('03:02')],
        ['awaiting_approval', hm('03:12')],
        ['awaiting_approval', hm('03:20')],
        ['executing', hm('03:22')],
        ['rolled_back', hm('03:40')],
      ],
    },
    {
      id: 'sit-3',
      service: 'db',
      environment: 'staging',
      state: 'expired',
      runbookId: 'failover-db',
      escalated: true,
      transitions: [
        ['collecting', hm('03:30')],
        ['recommending', hm('03:31')],
        ['awaiting_approval', hm('03:32')],
        ['awaiting_approval', hm('03:42')],
        ['expired', hm('04:32')],
      ],
    },
    {
      id: 'sit-4',
      service: 'search',
      environment: 'prod',
      state: 'awaiting_approval',
      runbookId: 'scale-out',
      transitions: [
        ['collecting', hm('10:00')],
        ['recommending', hm('10:01')],
        ['awaiting_approval', hm('10:02')],
      ],
    },
    {
      id: 'sit-5',
      service: 'checkout',
      environment: 'prod',
      state: 'rejected',
      runbookId: 'restart-service',
      transitions: [
        ['collecting', hm('12:00')],
        ['recommending', hm('12:01')],
        ['awaiting_approval', hm('12:02')],
        ['rejected', hm('12:07')],
      ],
    },
    {
      id: 'sit-6',
      service: 'checkout',
      environment: 'staging',
      state: 'auto_resolved',
      runbookId: null,
      transitions: [
        ['collecting', hm('14:00')],
        ['auto_resolved', hm('14:05')],
      ],
    },
    {
      id: 'sit-7',
      service: 'search',
      environment: 'prod',
      state: 'not_fixed',
      runbookId: 'restart-service',
      transitions: [
        ['collecting', hm('16:00')],
        ['recommending', hm('16:01')],
        ['awaiting_approval', hm('16:02')],
        ['executing', hm('16:04')],
        ['verifying', hm('16:05')],
        ['not_fixed', hm('16:15')],
      ],
    },
  ];
  const APPROVALS: [
    situationId: string,
    userId: string,
    decision: 'approve' | 'reject',
    runbookId: string,
    at: Date,
  ][] = [
    ['sit-1', IDS.u1, 'approve', 'restart-service', hm('01:12')],
    ['sit-2', IDS.u1, 'approve', 'failover-db', hm('03:20')],
    ['sit-2', IDS.u2, 'approve', 'failover-db', hm('03:22')],
    ['sit-5', IDS.u1, 'reject', 'restart-service', hm('12:07')],
    ['sit-7', IDS.u2, 'approve', 'scale-out', hm('16:04')],
  ];
  return { ALERTS, SITUATIONS, APPROVALS };
}

const TERMINAL = ['resolved', 'not_fixed', 'rolled_back', 'rejected', 'expired', 'auto_resolved'];

/** Writes the dataset above into a fresh database, anchored at `t0` (default T0). */
export async function seedAnalytics(prisma: PrismaClient, t0: Date = T0): Promise<void> {
  const { ALERTS, SITUATIONS, APPROVALS } = dataset(t0);
  await prisma.integration.createMany({
    data: [
      { id: IDS.am, name: 'am-prod', kind: 'alertmanager', tokenHash: 'hash-am' },
      { id: IDS.grafana, name: 'grafana', kind: 'grafana', tokenHash: 'hash-grafana' },
    ],
  });
  await prisma.user.createMany({
    data: [
      { id: IDS.u1, email: 'u1@example.test', name: 'U1', passwordHash: 'x', role: 'approver' },
      { id: IDS.u2, email: 'u2@example.test', name: 'U2', passwordHash: 'x', role: 'approver' },
    ],
  });
  for (const s of SITUATIONS) {
    const first = s.transitions[0]![1];
    const last = s.transitions[s.transitions.length - 1]!;
    const closed = TERMINAL.includes(s.state) ? last[1] : null;
    await prisma.situation.create({
      data: {
        id: s.id,
        correlationKey: `${s.environment}|${s.service}`,
        title: `${s.service} in ${s.environment}`,
        state: s.state,
        severity: 'high',
        service: s.service,
        environment: s.environment,
        escalated: s.escalated ?? false,
        runbookId: s.runbookId,
        version: s.transitions.length,
        firstAlertAt: first,
        createdAt: first,
        updatedAt: last[1],
        closedAt: closed,
        transitions: {
          create: s.transitions.map(([toState, when], i) => ({
            fromState: i === 0 ? null : s.transitions[i - 1]![0],
            toState,
            at: when,
            version: i + 1,
          })),
        },
      },
    });
  }
  for (const a of ALERTS) {
    const times = a.events.map((e) => e[1].getTime());
    await prisma.alert.create({
      data: {
        id: IDS.a(a.n),
        fingerprint: `fp-${a.n}`,
        source: a.source,
        integrationId: a.integrationId,
        status: a.events[a.events.length - 1]![0] === 'resolved' ? 'resolved' : 'firing',
        severity: 'high',
        name: a.name,
        service: a.service,
        environment: a.environment,
        firstSeenAt: new Date(Math.min(...times)),
        lastSeenAt: new Date(Math.max(...times)),
        count: a.events.length,
        flapCount: a.flapCount,
        situationId: a.situationId,
        events: {
          create: a.events.map(([kind, when]) => ({
            kind,
            status: kind === 'resolved' ? 'resolved' : 'firing',
            severity: 'high',
            integrationId: a.integrationId,
            source: a.source,
            at: when,
          })),
        },
      },
    });
  }
  await prisma.approval.createMany({
    data: APPROVALS.map(([situationId, userId, decision, runbookId, when]) => ({
      situationId,
      userId,
      decision,
      runbookId,
      planHash: 'a'.repeat(64),
      createdAt: when,
    })),
  });
  // S2's rollback: two apply steps (the second failed) and the compensation of the first.
  await prisma.executionStep.createMany({
    data: [
      { situationId: 'sit-2', index: 0, phase: 'apply', name: 'promote replica', status: 'succeeded' },
      { situationId: 'sit-2', index: 1, phase: 'apply', name: 'repoint app', status: 'failed' },
      { situationId: 'sit-2', index: 0, phase: 'compensate', name: 'demote replica', status: 'succeeded' },
    ].map((s) => ({ ...s, attempts: 1, idempotencyKey: `sit-2:${s.phase}:${s.index}` })),
  });
}
