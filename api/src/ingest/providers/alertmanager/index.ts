import type { CanonicalAlert } from '@hro/domain';
import { z } from 'zod';
import { identityFingerprint, sourceFingerprint } from '../../fingerprint';
import { GENERIC_SEVERITY, lookupSeverity } from '../../normalize/severity';
import { parseTime } from '../../normalize/time';
import { fieldPath, finalizeAlert, ownRecord, parsePayload } from '../../normalize/values';
import { IngestValidationError } from '../../provider';
import type { Provider } from '../../provider';

// Alertmanager webhook payload, version 4. Unknown extra fields are ignored (the format
// grows additively); what we rely on is validated and named in errors.
const stringMap = ownRecord(z.string());
const amAlertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: stringMap,
  annotations: stringMap.default({}),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().min(1).max(256).optional(),
});
const amPayloadSchema = z.object({
  version: z.literal('4', { error: 'must be "4" (Alertmanager webhook format version)' }),
  groupKey: z.string().optional(),
  truncatedAlerts: z.number().int().min(0).default(0),
  status: z.enum(['firing', 'resolved']).optional(),
  receiver: z.string().optional(),
  externalURL: z.string().optional(),
  alerts: z.array(amAlertSchema).max(10_000),
});
type AmAlert = z.infer<typeof amAlertSchema>;

const SOURCE = 'alertmanager';

function first(labels: Record<string, string>, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = labels[k];
    if (v) return v;
  }
  return undefined;
}

/** One Alertmanager alert → canonical; `path` prefixes field names in errors. */
export function normalizeAmAlert(a: AmAlert, path: string): CanonicalAlert {
  const name = a.labels['alertname'];
  if (!name) throw new IngestValidationError([{ field: `${path}.labels.alertname`, message: 'is required' }]);
  const startsAt = parseTime(a.startsAt, `${path}.startsAt`);
  // Firing alerts carry Go's zero time as endsAt: "still firing", not "ended in year 1".
  const endsAt = parseTime(a.endsAt, `${path}.endsAt`);
  const service = first(a.labels, 'service', 'app', 'job');
  const environment = first(a.labels, 'environment', 'env', 'namespace');
  const resource = first(a.labels, 'instance', 'pod', 'host');
  const summary = first(a.annotations, 'summary', 'message');
  const description = a.annotations['description'];
  const fingerprint = a.fingerprint
    ? sourceFingerprint(SOURCE, a.fingerprint)
    : identityFingerprint(SOURCE, { name, labels: a.labels });
  return finalizeAlert(
    {
      source: SOURCE,
      fingerprint,
      status: a.status,
      severity: lookupSeverity(GENERIC_SEVERITY, first(a.labels, 'severity', 'priority')) ?? 'warning',
      name,
      labels: a.labels,
      annotations: a.annotations,
      ...(summary !== undefined ? { summary } : {}),
      ...(description !== undefined ? { description } : {}),
      ...(service !== undefined ? { service } : {}),
      ...(environment !== undefined ? { environment } : {}),
      ...(resource !== undefined ? { resource } : {}),
      ...(startsAt !== undefined ? { startsAt } : {}),
      ...(endsAt !== undefined ? { endsAt } : {}),
      ...(a.generatorURL ? { generatorUrl: a.generatorURL } : {}),
    },
    path,
  );
}

/**
 * Prometheus Alertmanager webhook (v4). A batch may mix firing and resolved alerts; the
 * group status is ignored (it is "firing" while any alert fires) in favour of each
 * alert's own. `truncatedAlerts` counts alerts Alertmanager left out of this message
 * (max_alerts): they are NOT resolved, so we report them as `omitted` and change nothing.
 * Dedup key: Alertmanager's own fingerprint, stable across fire/resolve/fire.
 */
export const alertmanagerProvider: Provider = {
  kind: SOURCE,
  normalize(body) {
    const payload = parsePayload(amPayloadSchema, body);
    const alerts = payload.alerts.map((a, i) => normalizeAmAlert(a, fieldPath(['alerts', i])));
    return { alerts, omitted: payload.truncatedAlerts };
  },
};
