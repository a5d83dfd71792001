import { mappingConfigSchema } from '../../src/ingest/providers/mapping/config';
import { mappingProvider } from '../../src/ingest/providers/mapping';
import { ctx, only, validationError } from './context';

// A Zabbix-style media-type webhook body, the kind of sender the mapping exists for.
const zabbixConfig = {
  source: 'zabbix',
  fields: {
    name: '$.trigger.name',
    status: '$.event.value',
    severity: '$.trigger.severity',
    fingerprint: '$.event.id',
    service: '$.host.tags.service',
    environment: 'prod',
    resource: '$.host.name',
    summary: '$.message',
    description: "$['opdata']",
    startsAt: '$.event.time',
    endsAt: '$.event.recovery_time',
    generatorUrl: '$.url',
    labels: ['$.host.tags', '$.tags'],
    annotations: '$.extra',
  },
  severityMap: { Disaster: 'critical', 'Not classified': 'info' },
  statusMap: { '1': 'firing', '0': 'resolved' },
};

const problem = {
  trigger: { name: 'Disk full on db-1', severity: 'Disaster' },
  event: { id: 'E-1001', value: '1', time: '2026-12-03 10:00:00+0100', recovery_time: '' },
  host: { name: 'db-1', tags: { service: 'orders-db', team: 'dba' } },
  message: 'Free space below 5%',
  opdata: 'free: 3.2%',
  url: 'https://zabbix.example/tr_events.php?eventid=1001',
  tags: 'os:linux,rack:r7',
  extra: { ticket: 'OPS-1' },
};

describe('mapping provider', () => {
  it('maps a custom JSON sender by configuration only', async () => {
    const alert = only(await mappingProvider.normalize(problem, ctx('mapping', zabbixConfig)));
    expect(alert).toEqual({
      source: 'zabbix',
      fingerprint: 'zabbix:00000000-0000-4000-8000-000000000001:E-1001',
      status: 'firing',
      severity: 'critical',
      name: 'Disk full on db-1',
      summary: 'Free space below 5%',
      description: 'free: 3.2%',
      service: 'orders-db',
      environment: 'prod',
      resource: 'db-1',
      labels: { service: 'orders-db', team: 'dba', os: 'linux', rack: 'r7' },
      annotations: { ticket: 'OPS-1' },
      startsAt: '2026-12-03T09:00:00.000Z',
      generatorUrl: 'https://zabbix.example/tr_events.php?eventid=1001',
    });
  });

  it('resolves through the status map without requiring a severity', async () => {
    const body = {
      event: { id: 'E-1001', value: '0', recovery_time: '1764756600' },
      trigger: { name: 'Disk full on db-1' },
    };
    const alert = only(await mappingProvider.normalize(body, ctx('mapping', zabbixConfig)));
    expect(alert).toEqual({
      source: 'zabbix',
      fingerprint: 'zabbix:00000000-0000-4000-8000-000000000001:E-1001',
      status: 'resolved',
      name: 'Disk full on db-1',
      environment: 'prod',
      labels: {},
      annotations: {},
      endsAt: '2025-12-03T10:10:00.000Z',
    });
  });

  it('iterates alertsPath, reads $$ from the whole body and hashes when there is no key', async () => {
    const config = {
      alertsPath: '$.checks',
      fields: { name: '$.check', status: '$.ok', severity: '$.level', service: '$$.service', labels: '$.tags' },
      statusMap: { true: 'resolved', false: 'firing' },
    };
    const body = {
      service: 'search',
      checks: [
        { check: 'http', ok: false, level: 'WARN', tags: ['region:eu'] },
        { check: 'dns', ok: true, tags: [] },
      ],
    };
    const batch = await mappingProvider.normalize(body, ctx('mapping', config));
    expect(batch.alerts).toHaveLength(2);
    expect(batch.alerts[0]).toEqual({
      source: 'mapping',
      fingerprint: expect.stringMatching(/^mapping:h:[0-9a-f]{64}$/) as string,
      status: 'firing',
      severity: 'warning',
      name: 'http',
      service: 'search',
      labels: { region: 'eu' },
      annotations: {},
    });
    expect(batch.alerts[1]).toMatchObject({ status: 'resolved', name: 'dns', service: 'search' });
    expect(batch.alerts[1]).not.toHaveProperty('severity');
    const again = await mappingProvider.normalize(body, ctx('mapping', config));
    expect(again.alerts[0]?.fingerprint).toBe(batch.alerts[0]?.fingerprint);
    expect(batch.alerts[1]?.fingerprint).not.toBe(batch.alerts[0]?.fingerprint);
  });

  it('uses the defaults when the sender has no status or severity', async () => {
    const alert = only(
      await mappingProvider.normalize(
        { title: 'x' },
        ctx('mapping', { fields: { name: '$.title' }, defaults: { severity: 'high' } }),
      ),
    );
    expect(alert).toMatchObject({ status: 'firing', severity: 'high', name: 'x' });
  });

  it.each([
    [{ ...problem, trigger: { name: '' } }, 'trigger.name'],
    [{ ...problem, event: { ...problem.event, value: '7' } }, 'event.value'],
    [{ ...problem, trigger: { ...problem.trigger, severity: 'Apocalyptic' } }, 'trigger.severity'],
    [{ ...problem, event: { ...problem.event, id: undefined } }, 'event.id'],
    [{ ...problem, event: { ...problem.event, time: 'at dawn' } }, 'event.time'],
    ['a string', '(body)'],
  ])('refuses a payload the mapping cannot read %#', async (body, field) => {
    const err = await validationError(() => mappingProvider.normalize(body, ctx('mapping', zabbixConfig)));
    expect(err.status).toBe(400);
    expect(err.errors.map((e) => e.field)).toContain(field);
  });

  it('refuses a non-array alertsPath naming it', async () => {
    const err = await validationError(() =>
      mappingProvider.normalize({ items: {} }, ctx('mapping', { alertsPath: '$.items', fields: { name: '$.n' } })),
    );
    expect(err.errors).toEqual([{ field: 'items', message: 'expected an array of alerts' }]);
  });

  it.each([
    [{}, 'integration.config.fields'],
    [{ fields: { name: '$.a[' } }, 'integration.config.fields.name'],
    [{ fields: { name: '$.a' }, severityMap: { x: 'urgent' } }, 'integration.config.severityMap.x'],
    [{ fields: { name: '$.a' }, source: 'Has Spaces' }, 'integration.config.source'],
    [{ fields: { name: '$.a', labels: 'static' } }, 'integration.config.fields.labels'],
  ])('a bad mapping is a 422 naming the config field %#', async (config, field) => {
    expect(mappingConfigSchema.safeParse(config).success).toBe(false);
    const err = await validationError(() => mappingProvider.normalize({ a: 'x' }, ctx('mapping', config)));
    expect(err.status).toBe(422);
    expect(err.errors.map((e) => e.field)).toContain(field);
  });
});
