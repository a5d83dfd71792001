import type { AlertView, ApprovalView, Candidate, Plan, Runbook, SituationDetail, SituationSummary } from '@hro/domain';
import { renderPlan } from '@hro/domain/src/plan';

/** A runbook shaped like runbooks/scale-out.yaml, with every kind of parameter constraint. */
export const scaleOut: Runbook = {
  id: 'scale-out',
  version: 1,
  title: 'Scale out the service',
  description: '',
  risk: 'medium',
  appliesTo: { alertnames: ['ApiHighLatency'] },
  parameters: {
    service: { type: 'string', from: 'service', enum: ['api', 'checkout'], required: true },
    replicas: { type: 'integer', default: 6, minimum: 2, maximum: 20, required: true },
    zone: { type: 'string', pattern: '[a-z]+-[0-9]', default: 'eu-1', required: true },
  },
  steps: [
    {
      name: 'scale',
      action: {
        kind: 'http',
        method: 'POST',
        url: 'http://127.0.0.1:3999/services/{{params.service}}/scale',
        headers: {},
        body: { replicas: '{{params.replicas}}' },
        expectStatus: [200],
      },
      compensate: {
        kind: 'http',
        method: 'POST',
        url: 'http://127.0.0.1:3999/services/{{params.service}}/scale/restore',
        headers: {},
        expectStatus: [200],
      },
      retry: 'standard',
      timeoutSeconds: 30,
    },
  ],
};

/** A high-risk runbook: two distinct approvers. */
export const failover: Runbook = {
  id: 'failover-database',
  version: 1,
  title: 'Fail over the database',
  description: '',
  risk: 'high',
  appliesTo: {},
  parameters: { cluster: { type: 'string', pattern: '[a-z][a-z0-9-]{0,62}', default: 'orders', required: true } },
  steps: [
    {
      name: 'promote',
      action: { kind: 'command', argv: ['hro-demo-ctl', 'promote', '{{params.cluster}}'] },
      retry: 'none',
      timeoutSeconds: 30,
    },
  ],
};

const ctx = { service: 'api', environment: 'prod' };

/** A candidate with a real rendered plan and hash. */
export function candidate(runbook: Runbook, confidence: number): Candidate {
  return {
    runbook,
    risk: runbook.risk,
    confidence,
    rationale: `because ${runbook.id}`,
    similar: [],
    plan: renderPlan(runbook, {}, ctx),
  };
}

/** The plan the server would render for these values. */
export function planFor(runbook: Runbook, params: Record<string, string | number | boolean>): Plan {
  return renderPlan(runbook, params, ctx);
}

/** A summary row; override what a test cares about. */
export function summary(over: Partial<SituationSummary> = {}): SituationSummary {
  return {
    id: 'sit-000000000001',
    workflowId: 'sit-000000000001',
    title: 'api latency in prod',
    state: 'awaiting_approval',
    severity: 'critical',
    service: 'api',
    environment: 'prod',
    alertCount: 3,
    firingCount: 3,
    escalated: false,
    createdAt: '2026-12-03T19:00:00.000Z',
    updatedAt: '2026-12-03T19:00:00.000Z',
    escalatesAt: '2026-12-03T19:15:00.000Z',
    expiresAt: '2026-12-03T20:00:00.000Z',
    runbookId: 'scale-out',
    version: 3,
    closed: false,
    ...over,
  };
}

/** A detail awaiting approval of the given candidates (first one shown). */
export function detail(
  candidates: Candidate[],
  approvals: ApprovalView[] = [],
  over: Partial<SituationDetail> = {},
): SituationDetail {
  return {
    ...summary(),
    alerts: [],
    timeline: [],
    recommendation: { candidates, generatedAt: '2026-12-03T19:00:30.000Z' },
    plan: candidates[0]?.plan ?? null,
    approvals,
    steps: [],
    outcome: null,
    temporalUrl: null,
    ...over,
  };
}

/** One alert of a situation; override what a test cares about. */
export function alert(over: Partial<AlertView> = {}): AlertView {
  return {
    id: 'alt-000000000001',
    fingerprint: 'f1',
    source: 'alertmanager',
    status: 'firing',
    severity: 'critical',
    name: 'ApiHighLatency',
    summary: 'p99 latency above 2 s',
    service: 'api',
    environment: 'prod',
    resource: 'api-7f9c',
    labels: { alertname: 'ApiHighLatency', service: 'api', environment: 'prod' },
    annotations: {},
    count: 1,
    flapCount: 0,
    firstSeenAt: '2026-12-03T19:00:00.000Z',
    lastSeenAt: '2026-12-03T19:00:00.000Z',
    resolvedAt: null,
    ...over,
  };
}
