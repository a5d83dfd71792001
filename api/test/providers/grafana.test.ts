import { grafanaProvider } from '../../src/ingest/providers/grafana';
import { ctx, validationError } from './context';

// Shape from Grafana's "Configure the webhook notifier" documentation (unified alerting).
function payload(alerts: unknown[], extra: Record<string, unknown> = {}) {
  return {
    receiver: 'hro',
    status: 'firing',
    orgId: 1,
    alerts,
    groupLabels: { alertname: 'High memory usage' },
    commonLabels: { team: 'blue' },
    commonAnnotations: {},
    externalURL: 'https://grafana.example/',
    version: '1',
    groupKey: '{}:{alertname="High memory usage"}',
    truncatedAlerts: 0,
    title: '[FIRING:1] High memory usage',
    state: 'alerting',
    message: '**Firing**',
    ...extra,
  };
}

const memory = {
  status: 'firing',
  labels: {
    alertname: 'High memory usage',
    team: 'blue',
    zone: 'us-1',
    service: 'checkout',
    env: 'prod',
    instance: 'web-1:9100',
    severity: 'critical',
  },
  annotations: {
    description: 'The system has high memory usage',
    runbook_url: 'https://runbooks/1234',
    summary: 'Memory high in us-1',
  },
  startsAt: '2021-10-12T09:51:03.157076+02:00',
  endsAt: '0001-01-01T00:00:00Z',
  generatorURL: 'https://grafana.example/alerting/1afz29v7z/edit',
  fingerprint: 'c6eadffa33fcdf37',
  silenceURL: 'https://grafana.example/alerting/silence/new',
  dashboardURL: '',
  panelURL: '',
  values: { B: 44.23943737541908, C: 1 },
};

describe('grafana provider', () => {
  it('normalizes a batched firing alert with its values map', async () => {
    const cpu = {
      ...memory,
      labels: { alertname: 'High CPU usage', team: 'blue' },
      annotations: {},
      fingerprint: 'bc97ff14869b13e3',
      values: null,
      valueString: "[ var='B' labels={} value=91 ]",
    };
    const batch = await grafanaProvider.normalize(payload([memory, cpu]), ctx('grafana'));
    expect(batch.reply).toBeUndefined();
    expect(batch.alerts).toEqual([
      {
        source: 'grafana',
        fingerprint: 'grafana:1:c6eadffa33fcdf37',
        status: 'firing',
        severity: 'critical',
        name: 'High memory usage',
        summary: 'Memory high in us-1',
        description: 'The system has high memory usage',
        service: 'checkout',
        environment: 'prod',
        resource: 'web-1:9100',
        labels: memory.labels,
        annotations: {
          ...memory.annotations,
          'value.B': '44.23943737541908',
          'value.C': '1',
          silenceURL: 'https://grafana.example/alerting/silence/new',
        },
        startsAt: '2021-10-12T07:51:03.157Z',
        generatorUrl: 'https://grafana.example/alerting/1afz29v7z/edit',
      },
      {
        source: 'grafana',
        fingerprint: 'grafana:1:bc97ff14869b13e3',
        status: 'firing',
        severity: 'warning',
        name: 'High CPU usage',
        summary: 'High CPU usage',
        labels: { alertname: 'High CPU usage', team: 'blue' },
        annotations: {
          valueString: "[ var='B' labels={} value=91 ]",
          silenceURL: 'https://grafana.example/alerting/silence/new',
        },
        startsAt: '2021-10-12T07:51:03.157Z',
        generatorUrl: 'https://grafana.example/alerting/1afz29v7z/edit',
      },
    ]);
  });

  it('keeps the fingerprint across firing and resolved and takes the end time', async () => {
    const resolved = { ...memory, status: 'resolved', endsAt: '2021-10-12T10:01:03.000000+02:00' };
    const [firing] = (await grafanaProvider.normalize(payload([memory]), ctx('grafana'))).alerts;
    const [done] = (await grafanaProvider.normalize(payload([resolved], { status: 'resolved' }), ctx('grafana')))
      .alerts;
    expect(done?.fingerprint).toBe(firing?.fingerprint);
    expect(done?.status).toBe('resolved');
    expect(done?.endsAt).toBe('2021-10-12T08:01:03.000Z');
    expect(done?.startsAt).toBe('2021-10-12T07:51:03.157Z');
  });

  it('names no-data and datasource-error alerts after their rule', async () => {
    const noData = {
      status: 'firing',
      labels: {
        alertname: 'DatasourceNoData',
        rulename: 'Checkout latency',
        datasource_uid: 'P1809F7CD0C75ACF3',
        ref_id: 'A',
        service: 'checkout',
      },
      annotations: {},
      startsAt: '2026-12-03T10:00:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      fingerprint: '0d6b6e2bd0a1b6f5',
    };
    const error = { ...noData, labels: { ...noData.labels, alertname: 'DatasourceError' }, fingerprint: 'aa' };
    const [nd, de] = (await grafanaProvider.normalize(payload([noData, error]), ctx('grafana'))).alerts;
    expect(nd).toMatchObject({
      name: 'Checkout latency: no data',
      severity: 'warning',
      service: 'checkout',
      status: 'firing',
    });
    expect(de).toMatchObject({ name: 'Checkout latency: datasource error', severity: 'high' });
  });

  it('hashes the labels when an older Grafana sends no fingerprint', async () => {
    const { fingerprint: _omit, ...rest } = memory;
    const a = (await grafanaProvider.normalize(payload([rest]), ctx('grafana'))).alerts[0];
    const b = (await grafanaProvider.normalize(payload([{ ...rest, values: { B: 99 } }]), ctx('grafana'))).alerts[0];
    expect(a?.fingerprint).toMatch(/^grafana:h:[0-9a-f]{64}$/);
    expect(b?.fingerprint).toBe(a?.fingerprint);
  });

  it.each([
    [{ receiver: 'x' }, 'alerts'],
    [payload([{ ...memory, status: 'pending' }]), 'alerts[0].status'],
    [payload([{ ...memory, labels: { alertname: 5 } }]), 'alerts[0].labels.alertname'],
    [payload([{ ...memory, startsAt: 'soon' }]), 'alerts[0].startsAt'],
    ['not an object', '(body)'],
  ])('refuses a malformed payload naming %#', async (body, field) => {
    const err = await validationError(() => grafanaProvider.normalize(body, ctx('grafana')));
    expect(err.errors.map((e) => e.field)).toContain(field);
  });
});
