import { z } from 'zod';

export const RISKS = ['low', 'medium', 'high'] as const;
export const riskSchema = z.enum(RISKS);
export type Risk = z.infer<typeof riskSchema>;

/** Named retry profiles: runbooks pick one by name, the numbers live in one place. */
export const RETRY_PROFILES = {
  none: { maximumAttempts: 1, initialIntervalMs: 1000, backoffCoefficient: 1 },
  standard: { maximumAttempts: 3, initialIntervalMs: 1000, backoffCoefficient: 2 },
  patient: { maximumAttempts: 6, initialIntervalMs: 2000, backoffCoefficient: 2 },
} as const;
export type RetryProfileName = keyof typeof RETRY_PROFILES;
export const retryProfileSchema = z.enum(['none', 'standard', 'patient']);

const paramNameSchema = z.string().regex(/^[a-z][a-zA-Z0-9_]*$/, 'parameter names are identifiers');

/** A runbook parameter: its type, constraints, and where its default comes from. */
export const parameterSpecSchema = z.object({
  type: z.enum(['string', 'integer', 'boolean']),
  description: z.string().optional(),
  /** Anchored regex every string value must match (commands get whole argv elements only). */
  pattern: z.string().optional(),
  enum: z.array(z.string()).optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  /** Take the default from the situation: `service`, `environment` or `labels.<key>`. */
  from: z.string().optional(),
  required: z.boolean().default(true),
});
export type ParameterSpec = z.infer<typeof parameterSpecSchema>;

/** `{{ params.x }}` placeholders are substituted whole; never via a shell. */
const httpActionSchema = z.object({
  kind: z.literal('http'),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
  url: z.string().min(1),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.unknown().optional(),
  expectStatus: z.array(z.number().int()).default([200, 201, 202, 204]),
});
const commandActionSchema = z.object({
  kind: z.literal('command'),
  /** argv[0] must be on the operator's executable allow-list. */
  argv: z.array(z.string().min(1)).min(1),
});
const checkActionSchema = z.object({
  kind: z.literal('check'),
  url: z.string().min(1),
  expectStatus: z.array(z.number().int()).default([200]),
  /** Optional substring the response body must contain. */
  expectBody: z.string().optional(),
});
export const stepActionSchema = z.discriminatedUnion('kind', [
  httpActionSchema,
  commandActionSchema,
  checkActionSchema,
]);
export type StepAction = z.infer<typeof stepActionSchema>;

export const runbookStepSchema = z.object({
  name: z.string().min(1),
  action: stepActionSchema,
  retry: retryProfileSchema.default('standard'),
  timeoutSeconds: z.number().int().positive().max(3600).default(30),
  compensate: stepActionSchema.optional(),
});
export type RunbookStep = z.infer<typeof runbookStepSchema>;

/** When a runbook applies to a situation; every listed criterion must match. */
export const applicabilitySchema = z.object({
  alertnames: z.array(z.string()).optional(),
  services: z.array(z.string()).optional(),
  labels: z.record(z.string(), z.string()).optional(),
});

export const runbookSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'runbook ids are kebab-case'),
  version: z.number().int().positive(),
  title: z.string().min(1),
  description: z.string().default(''),
  risk: riskSchema,
  appliesTo: applicabilitySchema,
  parameters: z.record(paramNameSchema, parameterSpecSchema).default({}),
  steps: z.array(runbookStepSchema).min(1),
});
export type Runbook = z.infer<typeof runbookSchema>;
export type ParamValues = Record<string, string | number | boolean>;
