import { alertStatusSchema, type CanonicalAlert } from '@hro/domain';
import { z } from 'zod';
import { identityFingerprint, sourceFingerprint } from '../../fingerprint';
import { GENERIC_SEVERITY, lookupSeverity } from '../../normalize/severity';
import { parseTime } from '../../normalize/time';
import { fieldPath, finalizeAlert, ownRecord, parsePayload } from '../../normalize/values';
import type { Provider } from '../../provider';

// The documented simple form for scripts and tools without a dedicated provider
// (docs/ingest.md). One alert object, or { "alerts": [ ... ] }.
const str = (max: number) => z.string().max(max);
const genericAlertSchema = z
  .object({
    name: z.string().min(1).max(512),
    status: alertStatusSchema.default('firing'),
    severity: str(64).optional(),
    service: str(256).optional(),
    environment: str(256).optional(),
    resource: str(512).optional(),
    summary: str(4096).optional(),
    description: str(16384).optional(),
    // ownRecord, not z.record: a `__proto__` label is kept, not silently dropped.
    labels: ownRecord(z.string()).default({}),
    annotations: ownRecord(z.string()).default({}),
    dedupKey: z.string().min(1).max(256).optional(),
    fingerprint: z.string().min(1).max(256).optional(),
    // Any time form vendors use (normalize/time.ts), epoch numbers included.
    startsAt: z.union([z.string(), z.number()]).optional(),
    endsAt: z.union([z.string(), z.number()]).optional(),
    url: str(2048).optional(),
  })
  .strict();
type GenericAlert = z.infer<typeof genericAlertSchema>;
const batchSchema = z.object({ alerts: z.array(genericAlertSchema).max(10_000) }).strict();

const SOURCE = 'generic';

/** One generic alert → canonical; `path` prefixes field names in errors. */
export function normalizeGenericAlert(a: GenericAlert, path: string): CanonicalAlert {
  const key = a.dedupKey ?? a.fingerprint;
  const fingerprint = key
    ? sourceFingerprint(SOURCE, key)
    : identityFingerprint(SOURCE, {
        name: a.name,
        labels: a.labels,
        ...(a.service !== undefined ? { service: a.service } : {}),
        ...(a.environment !== undefined ? { environment: a.environment } : {}),
        ...(a.resource !== undefined ? { resource: a.resource } : {}),
      });
  const field = (k: string): string => (path ? `${path}.${k}` : k);
  const startsAt = parseTime(a.startsAt, field('startsAt'));
  const endsAt = parseTime(a.endsAt, field('endsAt'));
  return finalizeAlert(
    {
      source: SOURCE,
      fingerprint,
      status: a.status,
      // Resolve/acknowledge without a severity keep the stored one.
      ...(a.severity !== undefined || a.status === 'firing'
        ? { severity: lookupSeverity(GENERIC_SEVERITY, a.severity) ?? 'warning' }
        : {}),
      name: a.name,
      labels: a.labels,
      annotations: a.annotations,
      ...(a.summary !== undefined ? { summary: a.summary } : {}),
      ...(a.description !== undefined ? { description: a.description } : {}),
      ...(a.service !== undefined ? { service: a.service } : {}),
      ...(a.environment !== undefined ? { environment: a.environment } : {}),
      ...(a.resource !== undefined ? { resource: a.resource } : {}),
      ...(startsAt !== undefined ? { startsAt } : {}),
      ...(endsAt !== undefined ? { endsAt } : {}),
      ...(a.url !== undefined ? { generatorUrl: a.url } : {}),
    },
    path,
  );
}

/** Generic JSON webhook: a single alert or `{ alerts: [...] }`. */
export const genericProvider: Provider = {
  kind: SOURCE,
  normalize(body) {
    const isBatch = typeof body === 'object' && body !== null && !Array.isArray(body) && 'alerts' in body;
    if (isBatch) {
      const batch = parsePayload(batchSchema, body);
      return { alerts: batch.alerts.map((a, i) => normalizeGenericAlert(a, fieldPath(['alerts', i]))) };
    }
    return { alerts: [normalizeGenericAlert(parsePayload(genericAlertSchema, body), '')] };
  },
};
