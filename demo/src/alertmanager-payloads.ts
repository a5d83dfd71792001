/** One alert as the demo's "Prometheus rules" would raise it. */
export interface AlertSpec {
  alertname: string;
  service: string;
  severity: 'critical' | 'warning' | 'info';
  summary: string;
  description?: string;
  environment?: string;
  labels?: Record<string, string>;
}

/** An alert inside an Alertmanager webhook v4 notification. */
export interface AmAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

/** Alertmanager webhook v4 body (what `webhook_configs` POSTs). */
export interface AmWebhook {
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: AmAlert[];
}

/** Alertmanager's zero time: `endsAt` of an alert that is still firing. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

/** Alertmanager's label-set fingerprint (FNV-1a 64 over sorted names and values, 0xff separated). */
export function fingerprint(labels: Record<string, string>): string {
  let h = FNV_OFFSET;
  const add = (bytes: Uint8Array): void => {
    for (const b of bytes) h = ((h ^ BigInt(b)) * FNV_PRIME) & MASK;
  };
  const sep = Uint8Array.of(255);
  for (const name of Object.keys(labels).sort()) {
    add(Buffer.from(name, 'utf8'));
    add(sep);
    add(Buffer.from(labels[name]!, 'utf8'));
    add(sep);
  }
  return h.toString(16).padStart(16, '0');
}

/** RFC 3339 with nanoseconds, as Alertmanager (Go) prints them. */
export function nanoTime(d: Date, extraNanos = 0): string {
  const iso = d.toISOString(); // ...ss.mmmZ
  const nanos = String(extraNanos % 1_000_000).padStart(6, '0');
  return `${iso.slice(0, -1)}${nanos}Z`;
}

/** Labels of an alert as Prometheus would attach them. */
export function alertLabels(spec: AlertSpec): Record<string, string> {
  return {
    alertname: spec.alertname,
    service: spec.service,
    severity: spec.severity,
    environment: spec.environment ?? 'prod',
    ...spec.labels,
  };
}

/** One alert, firing (zero `endsAt`) or resolved at `endsAt`. */
export function amAlert(spec: AlertSpec, startsAt: Date, endsAt?: Date): AmAlert {
  const labels = alertLabels(spec);
  return {
    status: endsAt ? 'resolved' : 'firing',
    labels,
    annotations: { summary: spec.summary, ...(spec.description ? { description: spec.description } : {}) },
    startsAt: nanoTime(startsAt, 123_457),
    endsAt: endsAt ? nanoTime(endsAt, 654_321) : ZERO_TIME,
    generatorURL: `http://prometheus.demo:9090/graph?g0.expr=${encodeURIComponent(`ALERTS{alertname="${spec.alertname}"}`)}`,
    fingerprint: fingerprint(labels),
  };
}

function common(maps: Record<string, string>[]): Record<string, string> {
  const [first, ...rest] = maps;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first).filter(([k, v]) => rest.every((m) => m[k] === v)));
}

/** A group notification: status is firing while any alert in it fires. */
export function amWebhook(groupLabels: Record<string, string>, alerts: AmAlert[], receiver = 'hro'): AmWebhook {
  const key = Object.entries(groupLabels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',');
  return {
    version: '4',
    groupKey: `{}/{severity=~"critical|warning"}:{${key}}`,
    truncatedAlerts: 0,
    status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    receiver,
    groupLabels,
    commonLabels: common(alerts.map((a) => a.labels)),
    commonAnnotations: common(alerts.map((a) => a.annotations)),
    externalURL: 'http://alertmanager.demo:9093',
    alerts,
  };
}

/** The demo outage: a database failure cascading into API latency and checkout errors. */
export const OUTAGE = {
  dbDown: {
    alertname: 'DatabasePrimaryDown',
    service: 'orders-db',
    severity: 'critical',
    summary: 'orders-db primary orders-db-a is not accepting connections',
    description: 'pg_up == 0 for 1m on orders-db-a:5432; writes are failing.',
    labels: { cluster: 'orders-db', instance: 'orders-db-a:5432', team: 'data' },
  },
  apiLatency: {
    alertname: 'ApiHighLatency',
    service: 'api',
    severity: 'critical',
    summary: 'api p99 latency above 1s',
    description: 'histogram_quantile(0.99, http_request_duration_seconds) > 1 for 5m.',
    labels: { team: 'web', instance: 'api-0:8080' },
  },
  apiPool: {
    alertname: 'ApiConnectionPoolSaturated',
    service: 'api',
    severity: 'warning',
    summary: 'api database connection pool above 90%',
    labels: { team: 'web', instance: 'api-0:8080' },
  },
  checkoutErrors: {
    alertname: 'CheckoutHighErrorRate',
    service: 'checkout',
    severity: 'critical',
    summary: 'checkout 5xx ratio above 5%',
    description: 'Customers cannot complete orders.',
    labels: { team: 'payments', instance: 'checkout-0:8080' },
  },
} satisfies Record<string, AlertSpec>;
