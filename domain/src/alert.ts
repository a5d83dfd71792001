import { z } from 'zod';
import { severitySchema, type Severity } from './severity';

export const ALERT_STATUSES = ['firing', 'resolved', 'acknowledged'] as const;
export const alertStatusSchema = z.enum(ALERT_STATUSES);
export type AlertStatus = z.infer<typeof alertStatusSchema>;

/**
 * The canonical alert every provider normalizer produces. `fingerprint` is the dedup key:
 * the source's own key where it has one, otherwise a hash of source + identifying labels.
 * Times are ISO-8601 strings in UTC with millisecond precision.
 */
export const canonicalAlertSchema = z.object({
  source: z.string().min(1).max(64),
  fingerprint: z.string().min(1).max(512),
  status: alertStatusSchema,
  /** Absent on acknowledge/resolve events that carry none; the stored value is kept. */
  severity: severitySchema.optional(),
  name: z.string().min(1).max(512),
  summary: z.string().max(4096).optional(),
  description: z.string().max(16384).optional(),
  service: z.string().max(256).optional(),
  environment: z.string().max(256).optional(),
  resource: z.string().max(512).optional(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  startsAt: z.iso.datetime().optional(),
  endsAt: z.iso.datetime().optional(),
  generatorUrl: z.string().max(2048).optional(),
});
export type CanonicalAlert = z.infer<typeof canonicalAlertSchema>;

/**
 * What the router signals into a situation workflow for one stored alert change.
 * `seq` is the outbox sequence: the workflow ignores a seq it has already applied for
 * that alert, which makes redelivery and out-of-order delivery harmless.
 */
export interface AlertSignal {
  seq: number;
  alertId: string;
  fingerprint: string;
  status: AlertStatus;
  severity: Severity;
  name: string;
  service: string | null;
  environment: string | null;
  labels: Record<string, string>;
  occurrence: number;
  at: string;
}

/** Signal payload: alert storms arrive batched, one signal per routing pass per situation. */
export interface AlertBatchSignal {
  alerts: AlertSignal[];
}
