import type { PrismaClient } from '@hro/db';
import express, { Router, type Request, type Response } from 'express';
import { hashToken } from '../auth/tokens';
import type { AppDeps } from '../deps';
import { ForbiddenError, HttpError, NotFoundError } from '../http/errors';
import { bodyErrorProblem } from '../http/problem';
import { integrationToken } from './ingest-credentials';
import { storable, storableDeep, storablePrefix } from './normalize/values';
import { IngestValidationError, type Provider } from './provider';
import { pagerdutyProvider, routingKeyOf } from './providers/pagerduty';
import { providerFor } from './providers/registry';
import { storeAlerts } from './store';

type Integration = NonNullable<Awaited<ReturnType<PrismaClient['integration']['findUnique']>>>;

/** Refused payloads are kept for inspection, capped so a flood cannot fill the disk. */
export const REJECTED_PAYLOAD_CAP = 64 * 1024;

/** `POST /ingest/:kind` answer (unless a provider supplies a vendor-shaped reply). */
export interface IngestResult {
  accepted: number;
  duplicates: number;
  ignored: number;
  /** Alerts the sender left out of the message (Alertmanager truncatedAlerts); not resolved. */
  omitted: number;
}

async function rejectPayload(
  prisma: PrismaClient,
  row: { integrationId: string; provider: string; reason: string; payload: string },
): Promise<void> {
  // PostgreSQL text cannot hold NUL or a lone surrogate (the reason may quote a sender's field
  // name): either in a refused body must not turn into a 5xx. The caps never split a pair.
  const payload = storablePrefix(redactSecrets(storable(row.payload)), REJECTED_PAYLOAD_CAP);
  await prisma.rejectedPayload.create({ data: { ...row, reason: storablePrefix(row.reason, 2000), payload } });
}

// Body fields that carry a credential (PagerDuty's routing_key is the integration token;
// Events API v1 senders put theirs in service_key). Matched in the raw text, so malformed
// JSON is redacted too.
const SECRET_FIELDS = /("(?:routing_key|service_key)"\s*:\s*)"(?:[^"\\]|\\.)*"/g;

/** The raw body as it may be kept: credential values replaced by `[redacted]`. */
function redactSecrets(text: string): string {
  return text.replace(SECRET_FIELDS, '$1"[redacted]"');
}

function readBody(limit: number, req: Request, res: Response): Promise<string> {
  // Read as text whatever the content type: senders are inconsistent (text/plain JSON, SNS),
  // and the raw text is what we keep when refusing a payload.
  const parse = express.text({ type: () => true, limit, defaultCharset: 'utf-8' });
  return new Promise((resolve, reject) =>
    parse(req, res, (err?: unknown) =>
      err ? reject(err as Error) : resolve(typeof req.body === 'string' ? req.body : ''),
    ),
  );
}

function malformedJson(err: unknown): HttpError {
  const message = (err as Error).message;
  return new HttpError(400, 'Malformed JSON', `The body is not valid JSON: ${message}`, [
    { field: '(body)', message: 'must be valid JSON' },
  ]);
}

/** 401 naming where the credential was expected (`(header)` or PagerDuty's `routing_key`). */
function unauthorized(detail: string, field: string): HttpError {
  return new HttpError(401, 'Unauthorized', detail, [{ field, message: detail }], { 'WWW-Authenticate': 'Bearer' });
}

/**
 * The enabled integration of `kind` that `token` belongs to. A token is scoped to one kind,
 * so a leaked token for one tool cannot speak another format.
 */
async function authenticate(
  prisma: PrismaClient,
  token: string | undefined,
  kind: string,
  field: string,
): Promise<Integration> {
  if (!token) {
    throw unauthorized(
      'An integration token is required: Authorization: Bearer <token>, HTTP Basic (password = token) or ?token=.',
      field,
    );
  }
  const integration = await prisma.integration.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!integration) throw unauthorized('Unknown integration token.', field);
  if (!integration.enabled) throw new ForbiddenError(`Integration "${integration.name}" is disabled.`);
  if (integration.kind !== kind) {
    throw new ForbiddenError(`This token belongs to a "${integration.kind}" integration, not "${kind}".`);
  }
  return integration;
}

/** Lower-cased request headers with repeated values joined, as providers see them. */
function headersOf(req: Request): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : v]),
  );
}

/**
 * Normalizes an authenticated, read body and stores it: provider normalization (refusals
 * recorded), NUL and lone surrogates sanitized in every alert once for all providers,
 * one-transaction store, then the answer after commit.
 */
async function normalizeAndStore(
  deps: AppDeps,
  req: Request,
  res: Response,
  input: { integration: Integration; provider: Provider; text: string; body: unknown },
): Promise<void> {
  const { prisma } = deps;
  const { integration, provider, text, body } = input;
  const kind = provider.kind;
  const receivedAt = new Date();
  let batch;
  try {
    batch = await provider.normalize(body, {
      integration: { id: integration.id, name: integration.name, kind, config: integration.config },
      receivedAt,
      headers: headersOf(req),
    });
  } catch (err) {
    if (!(err instanceof IngestValidationError)) throw err;
    await rejectPayload(prisma, { integrationId: integration.id, provider: kind, reason: err.message, payload: text });
    throw new HttpError(err.status, 'Invalid alert payload', err.message, err.errors);
  }

  // JSON may carry U+0000 ("\u0000") or a lone surrogate ("\ud800"), which PostgreSQL text
  // and jsonb refuse: sanitizing here covers every provider, present and future, instead of
  // trusting each normalizer.
  const alerts = batch.alerts.map((a) => storableDeep(a));
  const outcome = await storeAlerts(prisma, alerts, { integrationId: integration.id, receivedAt });
  const omitted = batch.omitted ?? 0;
  req.log.info(
    { integration: integration.name, kind, alerts: alerts.length, ...outcome, changes: undefined, omitted },
    'ingested',
  );
  if (omitted > 0) req.log.warn({ integration: integration.name, omitted }, 'sender truncated alerts from the message');
  deps.kickRouter();
  deps.alertEvents.emit(outcome.changes);
  const result: IngestResult = {
    accepted: outcome.accepted,
    duplicates: outcome.duplicates,
    ignored: outcome.ignored,
    omitted,
  };
  res.status(batch.status ?? 202).json(batch.reply ?? result);
}

/**
 * Webhook ingest: integration token (Bearer, HTTP Basic password or `?token=`; its kind must
 * equal the URL's kind), size limit, provider normalization, one-transaction store, 202 after
 * commit. Refused payloads (bad JSON, invalid fields, too large) are recorded in
 * RejectedPayload. `POST /ingest/pagerduty/v2/enqueue` mirrors PagerDuty's Events API URL and
 * authenticates by the body's `routing_key` (or `X-Routing-Key`) so existing senders only
 * change their URL.
 */
export function ingestRouter(deps: AppDeps): Router {
  const router = Router();
  const { prisma, config } = deps;

  router.post('/ingest/pagerduty/v2/enqueue', async (req, res) => {
    // The key is in the body, so the (size-limited) body is read before authenticating;
    // nothing is recorded for a request that never authenticates.
    const text = await readBody(config.ingestMaxBytes, req, res);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      throw malformedJson(err);
    }
    const header = req.headers['x-routing-key'];
    const token = integrationToken(req) ?? (typeof header === 'string' && header ? header : routingKeyOf(body));
    const integration = await authenticate(prisma, token, pagerdutyProvider.kind, 'routing_key');
    await normalizeAndStore(deps, req, res, { integration, provider: pagerdutyProvider, text, body });
  });

  router.post('/ingest/:kind', async (req, res) => {
    const kind = String(req.params.kind);
    const provider: Provider | undefined = providerFor(kind);
    if (!provider) throw new NotFoundError(`No ingest provider "${kind}".`);
    const integration = await authenticate(prisma, integrationToken(req), kind, '(header)');
    const reject = (reason: string, payload: string) =>
      rejectPayload(prisma, { integrationId: integration.id, provider: kind, reason, payload });

    let text: string;
    try {
      text = await readBody(config.ingestMaxBytes, req, res);
    } catch (err) {
      const p = bodyErrorProblem(err);
      if (p) await reject(`${p.title}: ${p.detail}`, '');
      throw err;
    }

    let body: unknown = text;
    if ((provider.body ?? 'json') === 'json') {
      try {
        body = JSON.parse(text);
      } catch (err) {
        await reject(`malformed JSON: ${(err as Error).message}`, text);
        throw malformedJson(err);
      }
    }
    await normalizeAndStore(deps, req, res, { integration, provider, text, body });
  });

  return router;
}
