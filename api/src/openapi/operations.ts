import { ANALYTICS_BUCKETS, decisionRequestSchema, runbookSchema, type Role } from '@hro/domain';
import { z } from 'zod';
import { loginSchema } from '../auth/auth-routes';
import { closeRequestSchema } from '../decisions/decisions-router';
import { integrationCreateSchema, integrationPatchSchema } from '../integrations/integrations-routes';
import { remediationPauseSchema } from '../settings/settings-router';
import { planPreviewRequestSchema } from '../situations/plan-preview';
import { userCreateSchema, userPatchSchema } from '../users/users-routes';
import {
  decisionResultSchema,
  integrationViewSchema,
  pageSchema,
  planSchema,
  situationDetailSchema,
  situationSummarySchema,
  userViewSchema,
} from './dto-schemas';

/** Who may call an operation: anyone, a session with at least a role, or an ingest integration token. */
export type Access = 'public' | Role | 'integration';

export interface ParamSpec {
  name: string;
  in: 'path' | 'query';
  description: string;
  schema: Record<string, unknown>;
  required?: boolean;
}

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Non-JSON bodies (Prometheus text). */
  contentType?: string;
}

/** One documented route; the OpenAPI document is generated from this list. */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path template (`{id}`), full path including the /api/v1 prefix. */
  path: string;
  tag: string;
  summary: string;
  access: Access;
  params?: ParamSpec[];
  body?: z.ZodType;
  /** The body is read as raw text (ingest: provider-specific JSON). */
  rawBody?: boolean;
  responses: Record<number, ResponseSpec>;
}

const V1 = '/api/v1';
const id = (description: string): ParamSpec => ({
  name: 'id',
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});
const str = { type: 'string' };

const loginResponse = z.object({ token: z.string(), user: userViewSchema, expiresAt: z.string() });
const integrationWithToken = z.object({
  integration: integrationViewSchema,
  token: z.string().describe('shown once'),
});
const ingestResult = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  ignored: z.number().int(),
  omitted: z.number().int(),
});
const catalogView = z.object({ items: z.array(runbookSchema), problems: z.array(z.string()) });
const pauseView = z.object({ paused: z.boolean(), updatedAt: z.string().nullable() });
const anyJson = z.record(z.string(), z.unknown()).describe('see docs/analytics.md');

const analyticsQuery: ParamSpec[] = [
  { name: 'from', in: 'query', description: 'range start (default: 24 h before `to`)', schema: str },
  { name: 'to', in: 'query', description: 'range end (default: now)', schema: str },
  { name: 'environment', in: 'query', description: 'only this environment', schema: str },
  { name: 'service', in: 'query', description: 'only this service', schema: str },
  { name: 'bucket', in: 'query', description: 'time bucket', schema: { type: 'string', enum: [...ANALYTICS_BUCKETS] } },
];
const ANALYTICS = ['volume', 'speed', 'safety', 'sources', 'heatmap', 'funnel', 'compression', 'live'] as const;

const situationQuery: ParamSpec[] = [
  { name: 'state', in: 'query', description: 'any of these states (repeat or comma-separate)', schema: str },
  { name: 'severity', in: 'query', description: 'any of these severities (repeat or comma-separate)', schema: str },
  { name: 'service', in: 'query', description: 'exact service', schema: str },
  { name: 'environment', in: 'query', description: 'exact environment', schema: str },
  {
    name: 'escalated',
    in: 'query',
    description: 'only escalated (true) or not (false)',
    schema: { type: 'string', enum: ['true', 'false'] },
  },
  {
    name: 'closed',
    in: 'query',
    description: 'only finished (true) or still open (false); a rejected situation is open until closed',
    schema: { type: 'string', enum: ['true', 'false'] },
  },
  { name: 'q', in: 'query', description: 'text search over the title and alert names', schema: str },
  {
    name: 'sort',
    in: 'query',
    description: 'sort key (severity sorts by urgency)',
    schema: { type: 'string', enum: ['severity', 'createdAt', 'updatedAt'], default: 'updatedAt' },
  },
  {
    name: 'order',
    in: 'query',
    description: 'direction',
    schema: { type: 'string', enum: ['asc', 'desc'], default: 'desc' },
  },
  {
    name: 'limit',
    in: 'query',
    description: 'page size',
    schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  },
  { name: 'offset', in: 'query', description: 'rows to skip', schema: { type: 'integer', minimum: 0, default: 0 } },
];

const decisionOp = (decision: 'approve' | 'reject'): Operation => ({
  method: 'post',
  path: `${V1}/situations/{id}/${decision}`,
  tag: 'decisions',
  summary: `${decision === 'approve' ? 'Approve' : 'Reject'} the shown plan (the workflow's decide update)`,
  access: 'approver',
  params: [id('situation id')],
  body: decisionRequestSchema.extend({ decision: z.literal(decision).optional() }),
  responses: {
    200: { description: "the workflow's verdict", schema: decisionResultSchema },
    404: { description: 'no such situation or workflow' },
    409: { description: 'refused by the workflow: stale plan, already decided, same approver twice, …' },
    503: { description: 'Temporal unreachable; retry' },
  },
});

/** Every route the API serves (except the static UIs), in document order. */
export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/healthz',
    tag: 'health',
    summary: 'Liveness',
    access: 'public',
    responses: { 200: { description: 'alive' } },
  },
  {
    method: 'get',
    path: '/readyz',
    tag: 'health',
    summary: 'Readiness: Postgres and Temporal answer',
    access: 'public',
    responses: { 200: { description: 'ready' }, 503: { description: 'a dependency is down' } },
  },
  {
    method: 'get',
    path: '/metrics',
    tag: 'health',
    summary: 'Prometheus metrics',
    access: 'public',
    responses: { 200: { description: 'Prometheus text exposition', contentType: 'text/plain' } },
  },
  {
    method: 'get',
    path: `${V1}/openapi.json`,
    tag: 'meta',
    summary: 'This document',
    access: 'public',
    responses: { 200: { description: 'OpenAPI 3.1 document' } },
  },
  {
    method: 'post',
    path: `${V1}/auth/login`,
    tag: 'auth',
    summary: 'Log in: returns a session token and sets the hro_session cookie',
    access: 'public',
    body: loginSchema,
    responses: {
      200: { description: 'session', schema: loginResponse },
      401: { description: 'invalid credentials' },
      429: { description: 'too many attempts' },
    },
  },
  {
    method: 'post',
    path: `${V1}/auth/logout`,
    tag: 'auth',
    summary: 'Log out (idempotent)',
    access: 'public',
    responses: { 204: { description: 'logged out' } },
  },
  {
    method: 'get',
    path: `${V1}/auth/me`,
    tag: 'auth',
    summary: 'The current user',
    access: 'viewer',
    responses: { 200: { description: 'user', schema: z.object({ user: userViewSchema }) } },
  },
  {
    method: 'get',
    path: `${V1}/users`,
    tag: 'users',
    summary: 'List users',
    access: 'admin',
    responses: { 200: { description: 'users', schema: z.object({ items: z.array(userViewSchema) }) } },
  },
  {
    method: 'post',
    path: `${V1}/users`,
    tag: 'users',
    summary: 'Create a user',
    access: 'admin',
    body: userCreateSchema,
    responses: {
      201: { description: 'created', schema: z.object({ user: userViewSchema }) },
      409: { description: 'email taken' },
    },
  },
  {
    method: 'patch',
    path: `${V1}/users/{id}`,
    tag: 'users',
    summary: 'Change a user (name, role, password, disabled)',
    access: 'admin',
    params: [id('user id (uuid)')],
    body: userPatchSchema,
    responses: {
      200: { description: 'changed', schema: z.object({ user: userViewSchema }) },
      404: { description: 'no such user' },
      409: { description: 'would remove the last admin' },
    },
  },
  {
    method: 'get',
    path: `${V1}/integrations`,
    tag: 'integrations',
    summary: 'List ingest integrations',
    access: 'admin',
    responses: {
      200: {
        description: 'integrations',
        schema: z.object({ items: z.array(integrationViewSchema), kinds: z.array(z.string()) }),
      },
    },
  },
  {
    method: 'post',
    path: `${V1}/integrations`,
    tag: 'integrations',
    summary: 'Create an integration (its token is shown once)',
    access: 'admin',
    body: integrationCreateSchema,
    responses: {
      201: { description: 'created', schema: integrationWithToken },
      409: { description: 'name taken' },
      422: { description: "config does not fit the kind's schema (body.config.<field> named)" },
    },
  },
  {
    method: 'post',
    path: `${V1}/integrations/{id}/rotate`,
    tag: 'integrations',
    summary: 'Rotate the token',
    access: 'admin',
    params: [id('integration id (uuid)')],
    responses: { 200: { description: 'new token', schema: integrationWithToken }, 404: { description: 'not found' } },
  },
  {
    method: 'patch',
    path: `${V1}/integrations/{id}`,
    tag: 'integrations',
    summary: 'Rename, enable/disable or reconfigure',
    access: 'admin',
    params: [id('integration id (uuid)')],
    body: integrationPatchSchema,
    responses: {
      200: { description: 'changed', schema: z.object({ integration: integrationViewSchema }) },
      404: { description: 'not found' },
      422: { description: "config does not fit the kind's schema (body.config.<field> named)" },
    },
  },
  {
    method: 'delete',
    path: `${V1}/integrations/{id}`,
    tag: 'integrations',
    summary: 'Delete (alerts are kept)',
    access: 'admin',
    params: [id('integration id (uuid)')],
    responses: { 204: { description: 'deleted' }, 404: { description: 'not found' } },
  },
  {
    method: 'post',
    path: `${V1}/ingest/{kind}`,
    tag: 'ingest',
    summary: 'Webhook ingest for one provider kind (alertmanager, generic, …)',
    access: 'integration',
    params: [{ name: 'kind', in: 'path', required: true, description: 'provider kind', schema: str }],
    rawBody: true,
    responses: {
      202: { description: 'committed', schema: ingestResult },
      404: { description: 'unknown provider kind' },
      413: { description: 'body over HRO_INGEST_MAX_BYTES' },
      422: { description: 'the payload does not validate' },
    },
  },
  {
    method: 'post',
    path: `${V1}/ingest/pagerduty/v2/enqueue`,
    tag: 'ingest',
    summary: "PagerDuty Events API v2 compatible ingest: authenticated by the body's routing_key (or X-Routing-Key)",
    access: 'integration',
    rawBody: true,
    responses: {
      202: { description: 'committed (PagerDuty-shaped reply)', schema: z.record(z.string(), z.unknown()) },
      413: { description: 'body over HRO_INGEST_MAX_BYTES' },
      422: { description: 'the event does not validate' },
    },
  },
  {
    method: 'get',
    path: `${V1}/situations`,
    tag: 'situations',
    summary: 'List situations (filters, sort, paging)',
    access: 'viewer',
    params: situationQuery,
    responses: { 200: { description: 'a page', schema: pageSchema(situationSummarySchema) } },
  },
  {
    method: 'get',
    path: `${V1}/situations/{id}`,
    tag: 'situations',
    summary: 'A situation with alerts, timeline, recommendation, plan, approvals and steps',
    access: 'viewer',
    params: [id('situation id')],
    responses: { 200: { description: 'detail', schema: situationDetailSchema }, 404: { description: 'not found' } },
  },
  {
    method: 'post',
    path: `${V1}/situations/{id}/plan`,
    tag: 'situations',
    summary: 'Dry-run: render the exact plan for a candidate runbook and parameters',
    access: 'responder',
    params: [id('situation id')],
    body: planPreviewRequestSchema,
    responses: {
      200: { description: 'the plan with its hash', schema: planSchema },
      404: { description: 'not found' },
      422: { description: 'not a candidate, or invalid parameters (each named)' },
    },
  },
  decisionOp('approve'),
  decisionOp('reject'),
  {
    method: 'post',
    path: `${V1}/situations/{id}/close`,
    tag: 'decisions',
    summary: 'Close a rejected situation handled manually',
    access: 'responder',
    params: [id('situation id')],
    body: closeRequestSchema,
    responses: {
      202: { description: 'close signal sent', schema: z.object({ accepted: z.literal(true) }) },
      404: { description: 'not found' },
      409: { description: 'not in manual handling' },
      503: { description: 'Temporal unreachable; retry' },
    },
  },
  {
    method: 'get',
    path: `${V1}/runbooks`,
    tag: 'runbooks',
    summary: 'The runbook catalog (newest version of each) and files that failed to load',
    access: 'viewer',
    responses: { 200: { description: 'catalog', schema: catalogView } },
  },
  {
    method: 'get',
    path: `${V1}/runbooks/{id}`,
    tag: 'runbooks',
    summary: 'One runbook',
    access: 'viewer',
    params: [id('runbook id')],
    responses: { 200: { description: 'runbook', schema: runbookSchema }, 404: { description: 'not found' } },
  },
  {
    method: 'get',
    path: `${V1}/settings/remediation-pause`,
    tag: 'settings',
    summary: 'Whether all remediation is paused',
    access: 'viewer',
    responses: { 200: { description: 'switch', schema: pauseView } },
  },
  {
    method: 'put',
    path: `${V1}/settings/remediation-pause`,
    tag: 'settings',
    summary: 'Pause or resume all remediation',
    access: 'admin',
    body: remediationPauseSchema,
    responses: { 200: { description: 'switch', schema: pauseView } },
  },
  ...ANALYTICS.map((name): Operation => ({
    method: 'get',
    path: `${V1}/analytics/${name}`,
    tag: 'analytics',
    summary: `Analytics: ${name}`,
    access: 'viewer',
    params: analyticsQuery,
    responses: { 200: { description: name, schema: anyJson } },
  })),
  {
    method: 'get',
    path: `${V1}/analytics/options`,
    tag: 'analytics',
    summary: 'Analytics: environments and services to filter by',
    access: 'viewer',
    responses: { 200: { description: 'options', schema: anyJson } },
  },
];
