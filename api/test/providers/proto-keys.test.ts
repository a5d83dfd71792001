import type { CanonicalAlert } from '@hro/domain';
import { alertmanagerProvider } from '../../src/ingest/providers/alertmanager';
import { azureMonitorProvider } from '../../src/ingest/providers/azure-monitor';
import { datadogProvider } from '../../src/ingest/providers/datadog';
import { genericProvider } from '../../src/ingest/providers/generic';
import { googleCloudProvider } from '../../src/ingest/providers/google-cloud';
import { grafanaProvider } from '../../src/ingest/providers/grafana';
import { mappingProvider } from '../../src/ingest/providers/mapping';
import { amPayload } from '../support/api-harness';
import { ctx, only, validationError } from './context';

// A `__proto__` key is an ordinary key in JSON (JSON.parse makes it an own property), but
// `out[key] = v` and zod's z.record drop it silently. Every provider must keep it: two alerts
// differing only in it are two alerts, and the prototype is never touched.

/** `obj` with an own enumerable `__proto__` property, as JSON.parse would build it. */
function withProto<T extends object>(obj: T, value: unknown): T {
  const copy = JSON.parse(JSON.stringify(obj)) as T;
  Object.defineProperty(copy, '__proto__', { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

const own = (record: Record<string, string>, key: string) => Object.getOwnPropertyDescriptor(record, key)?.value;

function expectOrdinary(alert: CanonicalAlert, field: 'labels' | 'annotations', key: string, value: string) {
  expect(own(alert[field], key)).toBe(value);
  expect(Object.getPrototypeOf(alert[field])).toBe(Object.prototype);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

describe('a __proto__ key is an ordinary key in every provider', () => {
  it('generic: kept in labels and annotations, and part of the identity fingerprint', async () => {
    const plain = { name: 'Disk', labels: { team: 'ops' } };
    const body = { ...plain, labels: withProto(plain.labels, 'x'), annotations: withProto({}, 'y') };
    const a = only(await genericProvider.normalize(body, ctx('generic')));
    expectOrdinary(a, 'labels', '__proto__', 'x');
    expectOrdinary(a, 'annotations', '__proto__', 'y');
    const b = only(await genericProvider.normalize(plain, ctx('generic')));
    expect(a.fingerprint).not.toBe(b.fingerprint);
    const err = await validationError(() =>
      genericProvider.normalize({ name: 'x', labels: withProto({}, { polluted: 'yes' }) }, ctx('generic')),
    );
    expect(err.errors.map((e) => e.field)).toEqual(['labels.__proto__']);
  });

  it('alertmanager', async () => {
    const body = amPayload([{ fingerprint: '' }]) as unknown as { alerts: { labels: object; fingerprint?: string }[] };
    delete body.alerts[0]!.fingerprint;
    const plain = only(await alertmanagerProvider.normalize(body, ctx('alertmanager')));
    body.alerts[0]!.labels = withProto(body.alerts[0]!.labels, 'x');
    const a = only(await alertmanagerProvider.normalize(body, ctx('alertmanager')));
    expectOrdinary(a, 'labels', '__proto__', 'x');
    // Without Alertmanager's own fingerprint, the identity hash sees the label.
    expect(a.fingerprint).not.toBe(plain.fingerprint);
  });

  it('grafana: labels, annotations and values', async () => {
    const alert = withProto(
      {
        status: 'firing',
        labels: withProto({ alertname: 'Mem' }, 'x'),
        annotations: withProto({ summary: 's' }, 'y'),
        values: withProto({ B: 1 }, 2),
      },
      'ignored',
    );
    const a = only(await grafanaProvider.normalize({ receiver: 'hro', orgId: 1, alerts: [alert] }, ctx('grafana')));
    expectOrdinary(a, 'labels', '__proto__', 'x');
    expectOrdinary(a, 'annotations', '__proto__', 'y');
    expectOrdinary(a, 'annotations', 'value.__proto__', '2');
  });

  it('google cloud: user and resource labels', async () => {
    const body = {
      version: '1.2',
      incident: {
        incident_id: 'i-1',
        policy_name: 'High CPU',
        state: 'open',
        started_at: 1764756000,
        summary: 'CPU high',
        policy_user_labels: withProto({ team: 'ops' }, 'x'),
        resource: { type: 'gce_instance', labels: withProto({ zone: 'z' }, 'r') },
      },
    };
    const a = only(await googleCloudProvider.normalize(body, ctx('google-cloud')));
    expectOrdinary(a, 'labels', '__proto__', 'x');
    expectOrdinary(a, 'labels', 'resource.__proto__', 'r');
  });

  it('azure monitor: custom properties', async () => {
    const body = {
      schemaId: 'azureMonitorCommonAlertSchema',
      data: {
        essentials: {
          alertId: '/subscriptions/s/providers/Microsoft.AlertsManagement/alerts/a-1',
          alertRule: 'CPU',
          severity: 'Sev1',
          monitorCondition: 'Fired',
          firedDateTime: '2026-12-03T10:00:00Z',
        },
        customProperties: withProto({ service: 'checkout' }, 'x'),
      },
    };
    expectOrdinary(only(await azureMonitorProvider.normalize(body, ctx('azure-monitor'))), 'labels', '__proto__', 'x');
  });

  it('datadog: a `__proto__:x` tag', async () => {
    const body = {
      alert_id: '1',
      alert_transition: 'Triggered',
      alert_title: 'CPU high',
      alert_scope: 'host:web-1',
      tags: 'env:prod,__proto__:x',
      date: '1764756000000',
    };
    expectOrdinary(only(await datadogProvider.normalize(body, ctx('datadog'))), 'labels', '__proto__', 'x');
  });

  it('mapping: tags from an object and from a list', async () => {
    const config = { source: 'zabbix', fields: { name: '$.name', labels: ['$.tags', '$.list'] } };
    const body = { name: 'Disk', tags: withProto({ team: 'dba' }, 'x'), list: ['__proto__:y'] };
    const a = only(await mappingProvider.normalize(body, ctx('mapping', config)));
    // The list comes second, so its value wins, as for any repeated key.
    expectOrdinary(a, 'labels', '__proto__', 'y');
    expect(own(a.labels, 'team')).toBe('dba');
  });
});
