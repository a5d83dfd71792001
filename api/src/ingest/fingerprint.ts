import { createHash } from 'node:crypto';

/** Namespaces a source's own dedup key (`alertmanager:<fp>`), so keys of different tools never collide. */
export function sourceFingerprint(source: string, key: string): string {
  return `${source}:${key}`;
}

/**
 * Fingerprint for sources without their own key: sha256 of the source and the identifying
 * fields, labels sorted by key so label order never matters. Severity and text are not
 * identity: a warning that becomes critical is the same alert.
 */
export function identityFingerprint(
  source: string,
  identity: { name: string; service?: string; environment?: string; resource?: string; labels: Record<string, string> },
): string {
  const labels = Object.keys(identity.labels)
    .sort()
    .map((k) => [k, identity.labels[k]]);
  const canonical = JSON.stringify([
    source,
    identity.name,
    identity.service ?? '',
    identity.environment ?? '',
    identity.resource ?? '',
    labels,
  ]);
  return sourceFingerprint(source, createHash('sha256').update(canonical).digest('hex').slice(0, 32));
}
