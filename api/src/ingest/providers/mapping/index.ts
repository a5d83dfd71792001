import { ALERT_STATUSES, type AlertStatus, type CanonicalAlert, type Severity } from '@hro/domain';
import { hashKey, sourceKey } from '../../normalize/fingerprint';
import { GENERIC_SEVERITY, lookupSeverity } from '../../normalize/severity';
import { parseTime } from '../../normalize/time';
import { finalizeAlert, parseConfig, parseTags, text } from '../../normalize/values';
import { IngestValidationError, type Provider, type ProviderContext } from '../../provider';
import { mappingConfigSchema, type FieldSource, type MappingConfig } from './config';
import { evaluate, pathField } from './json-path';

const MAX_ALERTS = 1000;

function caseInsensitive<V>(map: Record<string, V>, raw: string): V | undefined {
  const key = raw.trim().toLowerCase();
  for (const [k, v] of Object.entries(map)) if (k.trim().toLowerCase() === key) return v;
  return undefined;
}

/** Reads configured fields of one alert element, naming the JSON field in every error. */
class Reader {
  constructor(
    private readonly item: unknown,
    private readonly body: unknown,
    private readonly prefix: string,
  ) {}

  value(src: FieldSource | undefined): unknown {
    if (src === undefined) return undefined;
    return 'literal' in src ? src.literal : evaluate(src.path, this.item, this.body);
  }

  field(src: FieldSource | undefined, name: string): string {
    return src && 'path' in src ? pathField(src.path, this.prefix) : `integration.config.fields.${name}`;
  }

  text(src: FieldSource | undefined): string | undefined {
    const v = this.value(src);
    return typeof v === 'boolean' ? String(v) : text(v);
  }

  fail(src: FieldSource | undefined, name: string, message: string): never {
    throw new IngestValidationError([{ field: this.field(src, name), message }]);
  }

  record(srcs: FieldSource | FieldSource[] | undefined): Record<string, string> {
    const list = srcs === undefined ? [] : Array.isArray(srcs) ? srcs : [srcs];
    // fromEntries, not Object.assign: assign would feed a `__proto__` tag to the prototype setter.
    return Object.fromEntries(list.flatMap((s) => Object.entries(parseTags(this.value(s)))));
  }
}

function statusOf(r: Reader, cfg: MappingConfig): AlertStatus {
  const raw = r.text(cfg.fields.status);
  if (raw === undefined) return cfg.defaults.status;
  const mapped = caseInsensitive(cfg.statusMap, raw);
  if (mapped) return mapped;
  const direct = raw.toLowerCase();
  if ((ALERT_STATUSES as readonly string[]).includes(direct)) return direct as AlertStatus;
  return r.fail(cfg.fields.status, 'status', `unmapped status ${JSON.stringify(raw)}: add it to statusMap`);
}

function severityOf(r: Reader, cfg: MappingConfig, status: AlertStatus): Severity | undefined {
  const raw = r.text(cfg.fields.severity);
  const found =
    raw === undefined ? undefined : (caseInsensitive(cfg.severityMap, raw) ?? lookupSeverity(GENERIC_SEVERITY, raw));
  if (raw !== undefined && found === undefined) {
    r.fail(cfg.fields.severity, 'severity', `unmapped severity ${JSON.stringify(raw)}: add it to severityMap`);
  }
  // Acknowledge/resolve without a severity keeps the stored one.
  return found ?? (status === 'firing' ? cfg.defaults.severity : undefined);
}

function normalizeItem(
  item: unknown,
  body: unknown,
  prefix: string,
  cfg: MappingConfig,
  ctx: ProviderContext,
): CanonicalAlert {
  const r = new Reader(item, body, prefix);
  const f = cfg.fields;
  const name = r.text(f.name) ?? r.fail(f.name, 'name', 'required: the alert name is missing or empty');
  const status = statusOf(r, cfg);
  const labels = r.record(f.labels);
  const identity = {
    name,
    service: r.text(f.service),
    environment: r.text(f.environment),
    resource: r.text(f.resource),
  };
  const own = r.text(f.fingerprint);
  if (f.fingerprint && own === undefined) r.fail(f.fingerprint, 'fingerprint', 'required: the dedup key is missing');
  return finalizeAlert(
    {
      source: cfg.source,
      // The sender's key is scoped to this integration; without one, hash what identifies the alert.
      fingerprint: own
        ? sourceKey(cfg.source, ctx.integration.id, own)
        : hashKey(cfg.source, { integration: ctx.integration.id, ...identity, labels }),
      status,
      severity: severityOf(r, cfg, status),
      ...identity,
      summary: r.text(f.summary),
      description: r.text(f.description),
      labels,
      annotations: r.record(f.annotations),
      startsAt: parseTime(r.value(f.startsAt), r.field(f.startsAt, 'startsAt')),
      endsAt: parseTime(r.value(f.endsAt), r.field(f.endsAt, 'endsAt')),
      generatorUrl: r.text(f.generatorUrl),
    },
    prefix === '' ? 'alert' : prefix,
  );
}

/** Declarative mapping for any JSON sender: integration.config says where each canonical field is. */
export const mappingProvider: Provider = {
  kind: 'mapping',
  configSchema: mappingConfigSchema,
  normalize(body, ctx) {
    const cfg = parseConfig(mappingConfigSchema, ctx.integration.config);
    if (cfg.alertsPath === undefined || !('path' in cfg.alertsPath)) {
      if (body === null || typeof body !== 'object') {
        throw new IngestValidationError([{ field: '(body)', message: 'expected a JSON object' }]);
      }
      return { alerts: [normalizeItem(body, body, '', cfg, ctx)] };
    }
    const path = cfg.alertsPath.path;
    const listField = pathField(path, '');
    const items = evaluate(path, body, body);
    if (!Array.isArray(items))
      throw new IngestValidationError([{ field: listField, message: 'expected an array of alerts' }]);
    if (items.length > MAX_ALERTS) {
      throw new IngestValidationError([{ field: listField, message: `at most ${MAX_ALERTS} alerts per request` }]);
    }
    return { alerts: items.map((item, i) => normalizeItem(item, body, `${listField}[${i}]`, cfg, ctx)) };
  },
};
