import { type Severity } from '@hro/domain';
import { z } from 'zod';
import { hashKey, sourceKey } from '../../normalize/fingerprint';
import { DATADOG_ALERT_TYPE, DATADOG_PRIORITY, lookupSeverity } from '../../normalize/severity';
import { parseTime } from '../../normalize/time';
import { finalizeAlert, firstText, parsePayload, parseTags, text } from '../../normalize/values';
import { IngestValidationError, type Provider } from '../../provider';

const SOURCE = 'datadog';
// A `$VARIABLE` Datadog left unrendered (misspelt, or not available for this monitor type).
const UNRENDERED = /^\$[A-Z_]+$/;
// "[P1] [Triggered on {host:web-1}] CPU high" → "CPU high"; the brackets are Datadog's decoration.
const TITLE_PREFIX = /^(\s*\[[^\]]*\]\s*)+/;

const value = z.union([z.string(), z.number()]).nullish();
const payloadSchema = z.looseObject({
  id: value,
  alert_id: value,
  aggreg_key: value,
  alert_transition: value,
  alert_type: value,
  alert_priority: value,
  priority: value,
  alert_title: value,
  title: value,
  body: value,
  alert_scope: value,
  alert_metric: value,
  alert_status: value,
  hostname: value,
  tags: z.union([z.string(), z.array(z.string())]).nullish(),
  date: value,
  last_updated: value,
  link: value,
  event_type: value,
  org: z.looseObject({ id: value, name: value }).nullish(),
});
type Payload = z.infer<typeof payloadSchema>;

/** Text of a template variable, treating Datadog's unrendered placeholders as absent. */
function v(raw: unknown): string | undefined {
  const t = text(raw);
  return t === undefined || UNRENDERED.test(t) ? undefined : t;
}

function isRecovery(p: Payload): boolean {
  const transition = v(p.alert_transition)?.toLowerCase();
  if (transition !== undefined) return transition.includes('recover');
  const title = v(p.title) ?? '';
  if (/^\s*(\[[^\]]*\]\s*)*\[recovered/i.test(title)) return true;
  return v(p.alert_type)?.toLowerCase() === 'success';
}

function severityOf(p: Payload): Severity {
  const byPriority = lookupSeverity(DATADOG_PRIORITY, v(p.alert_priority) ?? v(p.priority));
  if (byPriority) return byPriority;
  const transition = v(p.alert_transition)?.toLowerCase() ?? '';
  if (transition.includes('warn') || transition.includes('no data')) return 'warning';
  return lookupSeverity(DATADOG_ALERT_TYPE, v(p.alert_type)) ?? 'high';
}

/** "role:web, az:us-east-1a" in a stable order, so the same group always keys the same. */
function canonicalScope(scope: string | undefined): string | undefined {
  if (scope === undefined) return undefined;
  const parts = scope
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== '*')
    .sort();
  return parts.length > 0 ? parts.join(',') : undefined;
}

/** Datadog webhooks integration: the default payload and the recommended monitor template. */
export const datadogProvider: Provider = {
  kind: 'datadog',
  normalize(body) {
    const p = parsePayload(payloadSchema, body);
    const title = v(p.alert_title) ?? v(p.title)?.replace(TITLE_PREFIX, '').trim();
    const monitor = v(p.alert_id);
    const scope = canonicalScope(v(p.alert_scope));
    const aggregation = v(p.aggreg_key);
    if (!monitor && !aggregation && !title) {
      throw new IngestValidationError([
        { field: 'alert_id', message: 'one of alert_id, aggreg_key or title is required to identify the alert' },
      ]);
    }
    // A multi-alert monitor shares one id across groups: the scope tells them apart.
    const fingerprint = monitor
      ? sourceKey(SOURCE, monitor, scope ?? '*')
      : aggregation
        ? sourceKey(SOURCE, 'aggreg', aggregation)
        : hashKey(SOURCE, { title });
    const tags = parseTags(v(p.tags) ?? (Array.isArray(p.tags) ? p.tags : undefined));
    const labels: Record<string, string> = { ...tags };
    if (monitor) labels.monitor_id = monitor;
    if (scope) labels.scope = scope;
    const metric = v(p.alert_metric);
    if (metric) labels.metric = metric;
    const annotations: Record<string, string> = {};
    for (const [key, raw] of [
      ['event_id', p.id],
      ['transition', p.alert_transition],
      ['alert_status', p.alert_status],
      ['event_type', p.event_type],
      ['org', p.org?.name],
    ] as const) {
      const t = v(raw);
      if (t) annotations[key] = t;
    }
    const resolved = isRecovery(p);
    const at = parseTime(v(p.date) ?? v(p.last_updated), v(p.date) ? 'date' : 'last_updated');
    const alert = finalizeAlert({
      source: SOURCE,
      fingerprint,
      status: resolved ? 'resolved' : 'firing',
      severity: resolved ? undefined : severityOf(p),
      name: title ?? `Datadog monitor ${monitor ?? aggregation}`,
      summary: firstText(v(p.alert_status), title),
      description: v(p.body),
      service: firstText(tags.service, tags.app),
      environment: firstText(tags.env, tags.environment),
      resource: firstText(v(p.hostname), tags.host, scope),
      labels,
      annotations,
      startsAt: resolved ? undefined : at,
      endsAt: resolved ? at : undefined,
      generatorUrl: v(p.link),
    });
    return { alerts: [alert] };
  },
};
