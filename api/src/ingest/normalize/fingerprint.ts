import { createHash } from 'node:crypto';

// The canonical fingerprint column holds at most 512 characters.
const MAX_FINGERPRINT = 512;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with sorted keys, so the same identity always hashes the same. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The fingerprint for a source's own dedup key (`grafana:<fp>`, `pagerduty:<integration>:<key>`),
 * namespaced by source so two tools never collide; hashed when it would not fit.
 */
export function sourceKey(source: string, ...parts: string[]): string {
  const key = [source, ...parts].join(':');
  return key.length <= MAX_FINGERPRINT ? key : `${source}:sha256:${sha256(key)}`;
}

/** The fingerprint for a sender without its own key: a hash of the source and identifying fields. */
export function hashKey(source: string, identity: Record<string, unknown>): string {
  return `${source}:h:${sha256(stableJson(identity))}`;
}
