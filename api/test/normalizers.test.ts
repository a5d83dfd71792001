import type { ProviderContext } from '../src/ingest/provider';
import { IngestValidationError } from '../src/ingest/provider';
import { identityFingerprint } from '../src/ingest/fingerprint';
import { parseTime } from '../src/ingest/normalize/time';
import { alertmanagerProvider } from '../src/ingest/providers/alertmanager';
import { genericProvider } from '../src/ingest/providers/generic';
import { amPayload } from './support/api-harness';

const ctx: ProviderContext = {
  integration: { id: 'i', name: 'n', kind: 'alertmanager', config: {} },
  receivedAt: new Date('2026-12-03T12:00:00Z'),
  headers: {},
};

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof IngestValidationError) return err.errors.map((e) => e.field);
    throw err;
  }
  throw new Error('expected an IngestValidationError');
}

describe('alertmanager normalizer', () => {
  it('normalizes a mixed firing/resolved batch with each alert status, not the group status', async () => {
    const body = amPayload([
      { fingerprint: 'aaa1', status: 'firing', labels: { severity: 'critical' } },
      {
        fingerprint: 'bbb2',
        status: 'resolved',
        labels: { alertname: 'Errors', service: 'checkout', severity: 'page' },
        endsAt: '2026-12-03T10:05:00.987654321Z',
      },
    ]);
    const { alerts } = await alertmanagerProvider.normalize(body, ctx);
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toMatchObject({
      source: 'alertmanager',
      fingerprint: 'alertmanager:aaa1',
      status: 'firing',
      severity: 'critical',
      name: 'HighLatency',
      service: 'api',
      environment: 'prod',
      summary: 'p99 above 2s',
      startsAt: '2026-12-03T10:00:00.123Z',
    });
    // Zero-time endsAt means "still firing": no endsAt at all.
    expect(alerts[0]!.endsAt).toBeUndefined();
    expect(alerts[1]).toMatchObject({ status: 'resolved', name: 'Errors', service: 'checkout', severity: 'critical' });
    expect(alerts[1]!.endsAt).toBe('2026-12-03T10:05:00.987Z');
  });

  it('reports truncatedAlerts as omitted, without inventing resolutions', async () => {
    const batch = await alertmanagerProvider.normalize(amPayload([{ fingerprint: 'f1' }], { truncatedAlerts: 7 }), ctx);
    expect(batch.omitted).toBe(7);
    expect(batch.alerts.map((a) => a.status)).toEqual(['firing']);
  });

  it('maps job/namespace/instance when service/environment labels are absent', async () => {
    const body = amPayload([{ fingerprint: 'f' }]);
    body.alerts[0]!.labels = { alertname: 'Down', job: 'node', namespace: 'staging', instance: '10.0.0.1:9100' };
    const { alerts } = await alertmanagerProvider.normalize(body, ctx);
    expect(alerts[0]).toMatchObject({
      service: 'node',
      environment: 'staging',
      resource: '10.0.0.1:9100',
      severity: 'warning',
    });
  });

  it('names the offending fields', () => {
    const noName = amPayload([{ fingerprint: 'a' }, { fingerprint: 'b' }]);
    noName.alerts[1]!.labels = { service: 'x' };
    expect(fieldsOf(() => alertmanagerProvider.normalize(noName, ctx))).toEqual(['alerts[1].labels.alertname']);

    const badTime = amPayload([{ fingerprint: 'a', startsAt: 'yesterday' }]);
    expect(fieldsOf(() => alertmanagerProvider.normalize(badTime, ctx))).toEqual(['alerts[0].startsAt']);

    expect(fieldsOf(() => alertmanagerProvider.normalize({ ...amPayload([]), version: '3' }, ctx))).toEqual([
      'version',
    ]);
    const wrongType = amPayload([{ fingerprint: 'a' }]) as unknown as { alerts: { labels: unknown }[] };
    wrongType.alerts[0]!.labels = { alertname: 5 };
    expect(fieldsOf(() => alertmanagerProvider.normalize(wrongType, ctx))).toEqual(['alerts[0].labels.alertname']);
    expect(fieldsOf(() => alertmanagerProvider.normalize([], ctx))).toEqual(['(body)']);
  });
});

describe('timestamps', () => {
  it('accepts 9 fractional digits and offsets, truncating to milliseconds', () => {
    expect(parseTime('2026-12-03T10:00:00.123456789Z', 'f')).toBe('2026-12-03T10:00:00.123Z');
    expect(parseTime('2026-12-03T12:00:00.5+02:00', 'f')).toBe('2026-12-03T10:00:00.500Z');
    expect(parseTime('2026-12-03T10:00:00Z', 'f')).toBe('2026-12-03T10:00:00.000Z');
  });
  it('treats Go zero time as unset and rejects garbage', () => {
    expect(parseTime('0001-01-01T00:00:00Z', 'f')).toBeUndefined();
    expect(() => parseTime('2026-13-45T99:00:00Z', 'x.endsAt')).toThrow(/x\.endsAt/);
  });

  it('year 0000 is unset like Go zero time; February 30th is refused naming the field', async () => {
    const zero = '0000-01-01T00:00:00Z';
    const g = (await genericProvider.normalize({ name: 'x', startsAt: zero }, ctx)).alerts[0]!;
    expect(g.startsAt).toBeUndefined();
    const am = (await alertmanagerProvider.normalize(amPayload([{ fingerprint: 'z', startsAt: zero }]), ctx))
      .alerts[0]!;
    expect(am.startsAt).toBeUndefined();
    const feb30 = '2026-02-30T00:00:00Z';
    expect(fieldsOf(() => genericProvider.normalize({ name: 'x', startsAt: feb30 }, ctx))).toEqual(['startsAt']);
    expect(
      fieldsOf(() => alertmanagerProvider.normalize(amPayload([{ fingerprint: 'f', startsAt: feb30 }]), ctx)),
    ).toEqual(['alerts[0].startsAt']);
  });
});

describe('generic normalizer', () => {
  it('accepts one alert and derives a stable fingerprint from identifying fields only', async () => {
    const a = { name: 'DiskFull', service: 'db', environment: 'prod', labels: { b: '2', a: '1' }, severity: 'warn' };
    const one = (await genericProvider.normalize(a, ctx)).alerts[0]!;
    const reordered = (
      await genericProvider.normalize({ ...a, labels: { a: '1', b: '2' }, severity: 'critical', summary: 'x' }, ctx)
    ).alerts[0]!;
    expect(one.fingerprint).toBe(reordered.fingerprint);
    expect(one.fingerprint).toMatch(/^generic:[0-9a-f]{32}$/);
    expect(one).toMatchObject({ status: 'firing', severity: 'warning', source: 'generic' });
    const otherService = (await genericProvider.normalize({ ...a, service: 'cache' }, ctx)).alerts[0]!;
    expect(otherService.fingerprint).not.toBe(one.fingerprint);
  });

  it('prefers the sender dedupKey and accepts batches', async () => {
    const { alerts } = await genericProvider.normalize(
      {
        alerts: [
          { name: 'A', dedupKey: 'k-1' },
          { name: 'B', status: 'resolved' },
        ],
      },
      ctx,
    );
    expect(alerts.map((x) => x.fingerprint)).toEqual(['generic:k-1', expect.stringMatching(/^generic:/)]);
    // A resolve without a severity keeps the stored one.
    expect(alerts[1]!.severity).toBeUndefined();
  });

  it('names the offending fields', () => {
    expect(fieldsOf(() => genericProvider.normalize({ alerts: [{ name: 'ok' }, { status: 'boom' }] }, ctx))).toEqual([
      'alerts[1].name',
      'alerts[1].status',
    ]);
    expect(fieldsOf(() => genericProvider.normalize({ name: 'x', labels: { a: 1 } }, ctx))).toEqual(['labels.a']);
    expect(fieldsOf(() => genericProvider.normalize({ name: 'x', startsAt: 'now' }, ctx))).toEqual(['startsAt']);
    expect(fieldsOf(() => genericProvider.normalize({ name: 'x', colour: 'red' }, ctx))).toEqual(['colour']);
    expect(fieldsOf(() => genericProvider.normalize({ alerts: [{ name: 'x', colour: 'red', size: 1 }] }, ctx))).toEqual(
      ['alerts[0].colour', 'alerts[0].size'],
    );
  });

  it('accepts epoch times as numbers and numeric strings', async () => {
    const { alerts } = await genericProvider.normalize(
      { name: 'x', startsAt: 1_796_292_000, endsAt: '1796292060000' },
      ctx,
    );
    expect(alerts[0]).toMatchObject({ startsAt: '2026-12-03T10:00:00.000Z', endsAt: '2026-12-03T10:01:00.000Z' });
  });
});

describe('identityFingerprint', () => {
  it('separates sources and ignores label order', () => {
    const base = { name: 'n', labels: { x: '1', y: '2' } };
    expect(identityFingerprint('a', base)).toBe(identityFingerprint('a', { name: 'n', labels: { y: '2', x: '1' } }));
    expect(identityFingerprint('a', base)).not.toBe(identityFingerprint('b', base));
  });
});
