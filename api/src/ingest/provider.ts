import type { CanonicalAlert } from '@hro/domain';
import type { z } from 'zod';

/** What a provider knows about the request it is normalizing. */
export interface ProviderContext {
  integration: { id: string; name: string; kind: string; config: unknown };
  receivedAt: Date;
  /** Lower-cased request headers. */
  headers: Record<string, string | undefined>;
}

/** A provider's output: canonical alert changes, plus an optional vendor-shaped reply body. */
export interface NormalizedBatch {
  alerts: CanonicalAlert[];
  /** Some senders expect a specific body back (e.g. PagerDuty's Events API). */
  reply?: unknown;
  /** Status to answer with after commit; 202 unless the vendor expects otherwise. */
  status?: number;
  /**
   * Alerts the sender says it left out of this message (Alertmanager `truncatedAlerts`).
   * They are not resolved; ingest only logs and reports the count.
   */
  omitted?: number;
}

/**
 * One monitoring tool's webhook format. Adding a tool means a folder under providers/
 * exporting one of these, plus one line in providers/registry.ts.
 */
export interface Provider {
  /** Integration kind and URL segment: POST /api/v1/ingest/<kind>. */
  kind: string;
  /** `json` (default) parses the body as JSON; `text` hands the raw string (SNS sends text/plain). */
  body?: 'json' | 'text';
  /**
   * Schema of this kind's `integration.config`, if it has one: the integrations admin API
   * validates create/update against it (422 naming the field), so a broken config is refused
   * up front instead of on the first webhook.
   */
  configSchema?: z.ZodType;
  /** Throws IngestValidationError naming the offending field(s) for bad input. */
  normalize(body: unknown, ctx: ProviderContext): NormalizedBatch | Promise<NormalizedBatch>;
}

/** A field-level problem with an ingested payload; becomes a 4xx problem+json. */
export class IngestValidationError extends Error {
  constructor(
    readonly errors: { field: string; message: string }[],
    readonly status = 400,
  ) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
    this.name = 'IngestValidationError';
  }
}
