import type { SituationSummary, SituationView } from '@hro/domain';

/** The list-row DTO for a workflow snapshot (what `situation.changed` carries). */
export function summaryOf(s: SituationView): SituationSummary {
  return {
    id: s.situationId,
    workflowId: s.situationId,
    title: s.title,
    state: s.state,
    severity: s.severity,
    service: s.service,
    environment: s.environment,
    alertCount: s.alertCount,
    firingCount: s.firingCount,
    escalated: s.escalated,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    escalatesAt: s.escalatesAt,
    expiresAt: s.expiresAt,
    runbookId: s.plan?.runbookId ?? null,
    version: s.version,
    closed: s.closed,
  };
}
