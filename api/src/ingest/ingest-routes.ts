import type { PrismaClient } from '@hro/db';
import express, { Router, type Request, type Response } from 'express';
import { bearerToken } from '../auth/credentials';
import { hashToken } from '../auth/tokens';
import type { AppDeps } from '../deps';
import { ForbiddenError, HttpError, NotFoundError, UnauthorizedError } from '../http/errors';
import { bodyErrorProblem } from '../http/problem';
import { IngestValidationError, type Provider } from './provider';
import { providerFor } from './providers/registry';
import { storeAlerts } from './store';

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
  const payload = row.payload.length > REJECTED_PAYLOAD_CAP ? row.payload.slice(0, REJECTED_PAYLOAD_CAP) : row.payload;
  await prisma.rejectedPayload.create({ data: { ...row, reason: row.reason.slice(0, 2000), payload } });
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

/**
 * Webhook ingest: integration bearer token (its kind must equal the URL's kind), size
 * limit, provider normalization, one-transaction store, 202 after commit. Refused
 * payloads (bad JSON, invalid fields, too large) are recorded in RejectedPayload.
 */
export function ingestRouter(deps: AppDeps): Router {
  const router = Router();
  const { prisma, config } = deps;

  router.post('/ingest/:kind', async (req, res) => {
    const kind = String(req.params.kind);
    const provider: Provider | undefined = providerFor(kind);
    if (!provider) throw new NotFoundError(`No ingest provider "${kind}".`);
    const token = bearerToken(req.headers);
    if (!token) throw new UnauthorizedError('An integration token is required: Authorization: Bearer <token>.');
    const integration = await prisma.integration.findUnique({ where: { tokenHash: hashToken(token) } });
    if (!integration) throw new UnauthorizedError('Unknown integration token.');
    if (!integration.enabled) throw new ForbiddenError(`Integration "${integration.name}" is disabled.`);
    // A token is scoped to one kind, so a leaked token for one tool cannot speak another format.
    if (integration.kind !== kind) {
      throw new ForbiddenError(`This token belongs to a "${integration.kind}" integration, not "${kind}".`);
    }
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
        throw new HttpError(400, 'Malformed JSON', `The body is not valid JSON: ${(err as Error).message}`, [
          { field: '(body)', message: 'must be valid JSON' },
        ]);
      }
    }

    const receivedAt = new Date();
    let batch;
    try {
      batch = await provider.normalize(body, {
        integration: { id: integration.id, name: integration.name, kind, config: integration.config },
        receivedAt,
        headers: Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : v]),
        ),
      });
    } catch (err) {
      if (!(err instanceof IngestValidationError)) throw err;
      await reject(err.message, text);
      throw new HttpError(err.status, 'Invalid alert payload', err.message, err.errors);
    }

    const outcome = await storeAlerts(prisma, batch.alerts, { integrationId: integration.id, receivedAt });
    const omitted = batch.omitted ?? 0;
    req.log.info(
      { integration: integration.name, kind, alerts: batch.alerts.length, ...outcome, changes: undefined, omitted },
      'ingested',
    );
    if (omitted > 0)
      req.log.warn({ integration: integration.name, omitted }, 'sender truncated alerts from the message');
    deps.kickRouter();
    deps.alertEvents.emit(outcome.changes);
    const result: IngestResult = {
      accepted: outcome.accepted,
      duplicates: outcome.duplicates,
      ignored: outcome.ignored,
      omitted,
    };
    res.status(batch.status ?? 202).json(batch.reply ?? result);
  });

  return router;
}
