import {
  ALERT_STATUSES,
  ROLES,
  runbookSchema,
  severitySchema,
  situationStateSchema,
  stepActionSchema,
  type AlertView,
  type ApprovalView,
  type DecisionResult,
  type ExecutionStepView,
  type Plan,
  type Problem,
  type SituationDetail,
  type SituationSummary,
  type TimelineEntry,
} from '@hro/domain';
import { z } from 'zod';

// zod mirrors of the response DTOs (which domain declares as interfaces), used only to
// generate the OpenAPI document. The `Same<>` checks below fail the typecheck if a DTO
// and its mirror drift apart.

const iso = z.string().describe('ISO-8601 instant (UTC)');
const labels = z.record(z.string(), z.string());

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .describe('RFC 9457 problem details');

export const situationSummarySchema = z.object({
  id: z.string(),
  workflowId: z.string(),
  title: z.string(),
  state: situationStateSchema,
  severity: severitySchema,
  service: z.string().nullable(),
  environment: z.string().nullable(),
  alertCount: z.number().int(),
  firingCount: z.number().int(),
  escalated: z.boolean(),
  createdAt: iso,
  updatedAt: iso,
  escalatesAt: iso.nullable(),
  expiresAt: iso.nullable(),
  runbookId: z.string().nullable(),
  version: z.number().int(),
  closed: z.boolean().describe('the workflow finished; a rejected situation stays open until closed'),
});

export const alertViewSchema = z.object({
  id: z.string(),
  fingerprint: z.string(),
  source: z.string(),
  status: z.enum(ALERT_STATUSES),
  severity: severitySchema,
  name: z.string(),
  summary: z.string().nullable(),
  service: z.string().nullable(),
  environment: z.string().nullable(),
  resource: z.string().nullable(),
  labels,
  annotations: labels,
  count: z.number().int(),
  flapCount: z.number().int(),
  firstSeenAt: iso,
  lastSeenAt: iso,
  resolvedAt: iso.nullable(),
});

export const timelineEntrySchema = z.object({
  at: iso,
  kind: z.string(),
  message: z.string(),
  alertId: z.string().nullable(),
  actor: z.string().nullable(),
});

export const approvalViewSchema = z.object({
  id: z.string(),
  decision: z.enum(['approve', 'reject']),
  userEmail: z.string(),
  planHash: z.string(),
  reason: z.string(),
  createdAt: iso,
});

export const stepViewSchema = z.object({
  index: z.number().int(),
  name: z.string(),
  phase: z.enum(['apply', 'compensate', 'verify']),
  status: z.enum(['pending', 'running', 'retrying', 'succeeded', 'failed', 'compensated', 'skipped']),
  attempts: z.number().int(),
  output: z.string().nullable(),
  error: z.string().nullable(),
  startedAt: iso.nullable(),
  finishedAt: iso.nullable(),
});

const paramValues = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

export const planSchema = z.object({
  runbookId: z.string(),
  runbookVersion: z.number().int(),
  title: z.string(),
  risk: z.enum(['low', 'medium', 'high']),
  requiredApprovals: z.number().int(),
  params: paramValues,
  steps: z.array(
    z.object({
      index: z.number().int(),
      name: z.string(),
      action: stepActionSchema,
      compensate: stepActionSchema.nullable(),
      retry: z.enum(['none', 'standard', 'patient']),
      timeoutSeconds: z.number().int(),
    }),
  ),
  hash: z.string().describe('sha256 of the canonical plan; an approval binds to it'),
});

const recommendationSchema = z.object({
  candidates: z.array(
    z.object({
      runbook: runbookSchema,
      risk: z.enum(['low', 'medium', 'high']),
      confidence: z.number(),
      rationale: z.string(),
      similar: z.array(
        z.object({
          situationId: z.string(),
          title: z.string(),
          runbookId: z.string().nullable(),
          outcome: situationStateSchema,
          similarity: z.number(),
          resolvedAt: iso.nullable(),
        }),
      ),
      plan: planSchema,
    }),
  ),
  generatedAt: iso,
});

export const situationDetailSchema = situationSummarySchema.extend({
  alerts: z.array(alertViewSchema),
  timeline: z.array(timelineEntrySchema),
  recommendation: recommendationSchema.nullable(),
  plan: planSchema.nullable(),
  approvals: z.array(approvalViewSchema),
  steps: z.array(stepViewSchema),
  outcome: z
    .object({ state: situationStateSchema, message: z.string(), compensationsRun: z.array(z.string()) })
    .nullable(),
  temporalUrl: z.string().nullable(),
});

export const decisionResultSchema = z.object({
  accepted: z.boolean(),
  approvalsRemaining: z.number().int(),
  state: situationStateSchema,
});

/** `Page<T>` for a given item schema. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
}

export const userViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  disabled: z.boolean(),
  createdAt: iso,
});

export const integrationViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  enabled: z.boolean(),
  config: z.record(z.string(), z.unknown()),
  createdAt: iso,
  ingestPath: z.string(),
});

// Compile-time drift checks: each mirror must equal its DTO in both directions.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Out<S extends z.ZodType> = z.output<S>;
const drift: [
  Same<Out<typeof situationSummarySchema>, SituationSummary>,
  Same<Out<typeof alertViewSchema>, AlertView>,
  Same<Out<typeof timelineEntrySchema>, TimelineEntry>,
  Same<Out<typeof approvalViewSchema>, ApprovalView>,
  Same<Out<typeof stepViewSchema>, ExecutionStepView>,
  Same<Out<typeof planSchema>, Plan>,
  Same<Out<typeof decisionResultSchema>, DecisionResult>,
  Same<Omit<Out<typeof situationDetailSchema>, 'recommendation'>, Omit<SituationDetail, 'recommendation'>>,
  Same<Out<typeof problemSchema>, Problem>,
] = [true, true, true, true, true, true, true, true, true];
void drift;
