import { z } from 'zod';
import { problemSchema } from './dto-schemas';
import { OPERATIONS, type Operation, type ResponseSpec } from './operations';

type Json = Record<string, unknown>;

// OpenAPI 3.1 uses JSON Schema 2020-12, which is zod's default target. Request bodies are
// described as clients send them (defaults optional), responses as the server returns them.
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  delete out.$schema;
  return io === 'output' ? openObjects(out) : out;
}

// Responses may gain fields (contracts grow additively), so response objects are not
// closed: clients and fuzzers must not treat a new field as an error.
function openObjects(value: Json): Json {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k, x]) => !(k === 'additionalProperties' && x === false))
        .map(([k, x]) => [k, walk(x)]),
    );
  };
  return walk(value) as Json;
}

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: PROBLEM_REF } },
});

function response(spec: ResponseSpec, status: number): Json {
  if (status >= 400) return problem(spec.description);
  if (spec.contentType)
    return { description: spec.description, content: { [spec.contentType]: { schema: { type: 'string' } } } };
  if (!spec.schema) return { description: spec.description };
  return {
    description: spec.description,
    content: { 'application/json': { schema: jsonSchema(spec.schema, 'output') } },
  };
}

function security(op: Operation): Json[] {
  if (op.access === 'public') return [];
  if (op.access === 'integration') return [{ integrationToken: [] }];
  return [{ sessionBearer: [] }, { sessionCookie: [] }];
}

function operationObject(op: Operation): Json {
  const responses: Json = {};
  for (const [status, spec] of Object.entries(op.responses)) responses[status] = response(spec, Number(status));
  // Errors every route of its kind can produce, added uniformly so none is forgotten.
  if (op.body || op.params?.some((p) => p.in === 'query'))
    responses['400'] ??= problem('invalid request (fields named)');
  if (op.access !== 'public') responses['401'] ??= problem('missing or invalid credentials');
  if (op.access !== 'public' && op.access !== 'viewer') responses['403'] ??= problem('the role is not enough');
  const role = op.access === 'public' || op.access === 'integration' ? null : op.access;
  const object: Json = {
    operationId: `${op.method}${op.path.replace(/[{}]/g, '').replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    tags: [op.tag],
    summary: op.summary,
    ...(role ? { description: `Requires the ${role} role (roles are cumulative).`, 'x-required-role': role } : {}),
    security: security(op),
    responses,
  };
  if (op.params?.length) {
    object.parameters = op.params.map((p) => ({
      name: p.name,
      in: p.in,
      required: p.required ?? p.in === 'path',
      description: p.description,
      schema: p.schema,
    }));
  }
  if (op.body) {
    object.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } };
  } else if (op.rawBody) {
    object.requestBody = {
      required: true,
      description: "The provider's own webhook payload (read as text, parsed by the provider normalizer).",
      content: { 'application/json': { schema: {} }, 'text/plain': { schema: { type: 'string' } } },
    };
  }
  return object;
}

/** The OpenAPI 3.1 document for every route in OPERATIONS. */
export function buildOpenApiDocument(opts: { version?: string } = {}): Json {
  const paths: Record<string, Json> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operationObject(op);
  return {
    openapi: '3.1.0',
    info: {
      title: 'HITL Response Orchestrator API',
      version: opts.version ?? '0.1.0',
      description:
        'Alerts in, situations out, a human approves the fix, Temporal runs it durably. Errors are RFC 9457 problem+json. Realtime changes are Socket.IO events at /socket.io (same session).',
    },
    servers: [{ url: '/' }],
    tags: [...new Set(OPERATIONS.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Problem: jsonSchema(problemSchema, 'output') },
      securitySchemes: {
        sessionBearer: { type: 'http', scheme: 'bearer', description: 'session token from POST /api/v1/auth/login' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'hro_session' },
        integrationToken: { type: 'http', scheme: 'bearer', description: 'per-integration ingest token' },
      },
    },
  };
}
