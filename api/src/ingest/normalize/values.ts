import { canonicalAlertSchema, type CanonicalAlert } from '@hro/domain';
import { z } from 'zod';
import { LONE_SURROGATE as LONE_SURROGATE_PATTERN } from '../../http/text-checks';
import { IngestValidationError } from '../provider';

// Limits of the canonical alert (domain/src/alert.ts); vendor text is cut, not refused.
const LIMITS = {
  name: 512,
  summary: 4096,
  description: 16384,
  service: 256,
  environment: 256,
  resource: 512,
  generatorUrl: 2048,
} as const;
const MAX_LABELS = 128;
const MAX_LABEL_KEY = 128;
const MAX_LABEL_VALUE = 1024;
const MAX_ANNOTATION_VALUE = 8192;

/** `alerts[0].labels.severity` from a zod/JSON path. */
export function fieldPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(body)' : out;
}

/**
 * Parses with a zod schema, turning every issue into a field-named IngestValidationError.
 * Unknown keys of a strict schema are reported one per key, so the sender sees what to drop.
 */
export function parsePayload<S extends z.ZodType>(schema: S, body: unknown, prefix = ''): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const errors = result.error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ field: fieldPath([...i.path, k], prefix), message: 'is not a known field' }))
      : [{ field: fieldPath(i.path, prefix), message: i.message }],
  );
  throw new IngestValidationError(errors.slice(0, 20));
}

/**
 * Parses an integration's stored config. A bad config is the operator's mistake, not the
 * sender's: 422 naming `integration.config.<field>` (admin endpoints should validate up front).
 */
export function parseConfig<S extends z.ZodType>(schema: S, config: unknown): z.infer<S> {
  const result = schema.safeParse(config ?? {});
  if (result.success) return result.data;
  throw new IngestValidationError(
    result.error.issues
      .slice(0, 20)
      .map((i) => ({ field: fieldPath(i.path, 'integration.config'), message: i.message })),
    422,
  );
}

// PostgreSQL text and jsonb cannot hold U+0000; JSON can carry it as "\u0000".
const NUL = String.fromCharCode(0);
// JSON can also carry a lone UTF-16 surrogate ("\ud800"): a valid JS string but not Unicode,
// so PostgreSQL refuses it in jsonb (and Prisma's protocol in text).
const LONE_SURROGATE = new RegExp(LONE_SURROGATE_PATTERN, 'g');

/**
 * Removes NUL and replaces lone surrogates with U+FFFD: PostgreSQL refuses to store either
 * (it would be a 5xx, not a 4xx).
 */
export function storable(text: string): string {
  const noNul = text.includes(NUL) ? text.replaceAll(NUL, '') : text;
  return noNul.replace(LONE_SURROGATE, '\uFFFD');
}

/** The first `max` UTF-16 units of storable text, never ending in half a surrogate pair. */
export function storablePrefix(raw: string, max: number): string {
  const text = storable(raw);
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

/**
 * `storable` applied to every string (and object key) of a JSON-like value. The pipeline
 * runs it once over each normalized alert, so no provider can hand the store a NUL or a lone
 * surrogate. Object.fromEntries keeps a `__proto__` key as an ordinary own key.
 */
export function storableDeep<T>(value: T): T {
  if (typeof value === 'string') return storable(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => storableDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [storable(k), storableDeep(v)]),
    ) as T;
  }
  return value;
}

/**
 * Sets an own property, whatever the key: `out['__proto__'] = v` would call the prototype
 * setter instead (the label silently vanishes, or with an object value the prototype changes).
 */
export function setOwn<V>(out: Record<string, V>, key: string, value: V): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A string-keyed map schema that keeps every key the sender sent. zod's z.record drops a
 * `__proto__` key silently (two alerts differing only in it would dedup as one); this one
 * validates each value with `value` and names `<field>.<key>` in errors.
 */
export function ownRecord<V extends z.ZodType>(value: V) {
  return z.unknown().transform((input, ctx): Record<string, z.output<V>> => {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      ctx.addIssue({ code: 'custom', message: 'expected an object of key → value' });
      return z.NEVER;
    }
    const entries: [string, z.output<V>][] = [];
    for (const [k, v] of Object.entries(input)) {
      const r = value.safeParse(v);
      if (r.success) entries.push([k, r.data as z.output<V>]);
      else for (const i of r.error.issues) ctx.addIssue({ code: 'custom', message: i.message, path: [k, ...i.path] });
    }
    return Object.fromEntries(entries) as Record<string, z.output<V>>;
  });
}

/** Cuts text to `max` characters (with an ellipsis) so long vendor text never fails a write. */
export function truncate(raw: string, max: number): string {
  const text = storable(raw);
  return text.length <= max ? text : `${storablePrefix(text, max - 1)}…`;
}

/** A trimmed non-empty string from a string or number; undefined otherwise. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  return t === '' ? undefined : t;
}

/** First non-empty text among the candidates. */
export function firstText(...values: unknown[]): string | undefined {
  for (const v of values) {
    const t = text(v);
    if (t !== undefined) return t;
  }
  return undefined;
}

function labelValue(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Flattens an object of scalars into string labels (numbers and booleans stringified, nested
 * values as JSON), capped in count and length so a hostile payload cannot bloat a row.
 */
export function stringRecord(value: unknown, prefix = '', maxValue = MAX_LABEL_VALUE): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (Object.keys(out).length >= MAX_LABELS) break;
    const s = labelValue(v);
    if (s === undefined || k === '') continue;
    setOwn(out, truncate(`${prefix}${k}`, MAX_LABEL_KEY), truncate(s, maxValue));
  }
  return out;
}

/**
 * Tags as Datadog and friends send them: "k:v,k2:v2", ["k:v", "flag"] or {k: v}.
 * A tag without a colon becomes a label with the value "true".
 */
export function parseTags(value: unknown): Record<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return stringRecord(value);
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  const out: Record<string, string> = {};
  for (const item of items) {
    if (Object.keys(out).length >= MAX_LABELS) break;
    if (typeof item !== 'string') continue;
    const tag = item.trim();
    if (tag === '') continue;
    const colon = tag.indexOf(':');
    const key = colon > 0 ? tag.slice(0, colon).trim() : tag;
    const val = colon > 0 ? tag.slice(colon + 1).trim() : 'true';
    setOwn(out, truncate(key, MAX_LABEL_KEY), truncate(val, MAX_LABEL_VALUE));
  }
  return out;
}

/** Drops undefined values so optional canonical fields are absent, not `undefined`. */
function compact<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

// Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): in an alert's
// name, service, environment or resource they can make "db on prod" display as something
// else in titles, lists and terminals ("Trojan Source"). Identity text never needs them.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** `text` without bidi embedding/override/isolate controls. */
export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/**
 * Cuts every text field to the canonical limits, drops empty optionals and validates the
 * result against the canonical schema; `field` names the alert in errors (`alerts[2]`).
 */
export function finalizeAlert(alert: CanonicalAlert, field = 'alert'): CanonicalAlert {
  const cut = (v: string | undefined, max: number): string | undefined =>
    v === undefined || v.trim() === '' ? undefined : truncate(v, max);
  const id = (v: string | undefined, max: number): string | undefined => cut(v && withoutBidiControls(v), max);
  const candidate = compact({
    ...alert,
    fingerprint: storable(alert.fingerprint),
    name: truncate(withoutBidiControls(alert.name), LIMITS.name),
    summary: cut(alert.summary, LIMITS.summary),
    description: cut(alert.description, LIMITS.description),
    service: id(alert.service, LIMITS.service),
    environment: id(alert.environment, LIMITS.environment),
    resource: id(alert.resource, LIMITS.resource),
    generatorUrl: cut(alert.generatorUrl, LIMITS.generatorUrl),
    labels: stringRecord(alert.labels),
    annotations: stringRecord(alert.annotations, '', MAX_ANNOTATION_VALUE),
  });
  const parsed = parsePayload(canonicalAlertSchema, candidate, field);
  // The maps as built (all strings, checked above): the schema's z.record drops `__proto__`.
  return { ...parsed, labels: candidate.labels, annotations: candidate.annotations };
}
