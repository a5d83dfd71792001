import { datadogProvider } from '../../src/ingest/providers/datadog';
import { ctx, only, validationError } from './context';

// The recommended template (docs/integrations.md) rendered as Datadog's webhooks
// integration does: every $VARIABLE becomes a string, dates are epoch milliseconds.
const triggered = {
  id: '7386247373962718423',
  alert_id: '123456',
  aggreg_key: '9bd4ac313a4d1e8fae2482df7b77628',
  alert_transition: 'Triggered',
  alert_type: 'error',
  alert_priority: 'P2',
  priority: 'normal',
  alert_title: 'CPU high on checkout',
  title: '[P2] [Triggered on {host:web-1,env:prod}] CPU high on checkout',
  body: '%%%\nCPU above 90% for 5m\n%%%',
  alert_scope: 'host:web-1, env:prod',
  alert_metric: 'system.cpu.user',
  alert_status: 'system.cpu.user over host:web-1 was > 90 on average during the last 5m.',
  hostname: 'web-1',
  tags: 'env:prod,service:checkout,team:payments,monitor',
  date: '1764756000000',
  last_updated: '1764756000000',
  link: 'https://app.datadoghq.com/event/event?id=7386247373962718423',
  event_type: 'query_alert_monitor',
  org: { id: '1234', name: 'Example Org' },
};

describe('datadog provider', () => {
  it('normalizes a triggered monitor', async () => {
    expect(only(await datadogProvider.normalize(triggered, ctx('datadog')))).toEqual({
      source: 'datadog',
      fingerprint: 'datadog:123456:env:prod,host:web-1',
      status: 'firing',
      severity: 'high',
      name: 'CPU high on checkout',
      summary: 'system.cpu.user over host:web-1 was > 90 on average during the last 5m.',
      description: '%%%\nCPU above 90% for 5m\n%%%',
      service: 'checkout',
      environment: 'prod',
      resource: 'web-1',
      labels: {
        env: 'prod',
        service: 'checkout',
        team: 'payments',
        monitor: 'true',
        monitor_id: '123456',
        scope: 'env:prod,host:web-1',
        metric: 'system.cpu.user',
      },
      annotations: {
        event_id: '7386247373962718423',
        transition: 'Triggered',
        alert_status: 'system.cpu.user over host:web-1 was > 90 on average during the last 5m.',
        event_type: 'query_alert_monitor',
        org: 'Example Org',
      },
      startsAt: '2025-12-03T10:00:00.000Z',
      generatorUrl: 'https://app.datadoghq.com/event/event?id=7386247373962718423',
    });
  });

  it('resolves the same alert on Recovered, without a severity, ending at the event date', async () => {
    const recovered = {
      ...triggered,
      alert_transition: 'Recovered',
      alert_type: 'success',
      date: '1764756600000',
      alert_scope: 'env:prod,host:web-1',
    };
    const alert = only(await datadogProvider.normalize(recovered, ctx('datadog')));
    expect(alert.fingerprint).toBe('datadog:123456:env:prod,host:web-1');
    expect(alert.status).toBe('resolved');
    expect(alert.severity).toBeUndefined();
    expect(alert.endsAt).toBe('2025-12-03T10:10:00.000Z');
    expect(alert.startsAt).toBeUndefined();
  });

  it.each([
    [{ alert_priority: 'P1' }, 'critical'],
    [{ alert_priority: 'P3' }, 'warning'],
    [{ alert_priority: 'P5' }, 'info'],
    [{ alert_priority: '', priority: 'P4' }, 'info'],
    [{ alert_priority: '$ALERT_PRIORITY', alert_type: 'warning' }, 'warning'],
    [{ alert_priority: '', alert_transition: 'Warn', alert_type: 'warning' }, 'warning'],
    [{ alert_priority: '', alert_transition: 'No Data', alert_type: 'error' }, 'warning'],
    [{ alert_priority: '', alert_type: 'error' }, 'high'],
    [{ alert_priority: '', alert_type: 'info' }, 'info'],
  ])('severity from %p is %s', async (patch, severity) => {
    expect(only(await datadogProvider.normalize({ ...triggered, ...patch }, ctx('datadog'))).severity).toBe(severity);
  });

  it('accepts the bare default payload, status from the title', async () => {
    const base = {
      body: 'msg',
      last_updated: '1764756000000',
      event_type: 'metric_alert_monitor',
      date: '1764756000000',
      org: { id: '1', name: 'o' },
      id: '42',
    };
    const fired = only(await datadogProvider.normalize({ ...base, title: '[Triggered] Disk full' }, ctx('datadog')));
    const cleared = only(await datadogProvider.normalize({ ...base, title: '[Recovered] Disk full' }, ctx('datadog')));
    expect(fired).toMatchObject({ name: 'Disk full', status: 'firing', severity: 'high' });
    expect(cleared).toMatchObject({ name: 'Disk full', status: 'resolved' });
    expect(cleared.fingerprint).toBe(fired.fingerprint);
  });

  it.each([
    [{ body: 'no identity at all' }, 'alert_id'],
    [{ ...triggered, date: 'tomorrow' }, 'date'],
    [{ ...triggered, tags: { env: 'prod' } }, 'tags'],
    [[triggered], '(body)'],
  ])('refuses malformed payload %#', async (body, field) => {
    const err = await validationError(() => datadogProvider.normalize(body, ctx('datadog')));
    expect(err.errors.map((e) => e.field)).toContain(field);
  });
});
