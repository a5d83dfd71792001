import { randomBytes } from 'node:crypto';
import { temporalAddress } from '../../test/support/env';
import { hashToken } from '../src/auth/tokens';
import type { OutboxPayload } from '../src/ingest/store';
import { claimAndAssign } from '../src/routing/claim';
import { amPayload, post, startHarness, type ApiHarness } from './support/api-harness';

// What ingest stores and hands the router, through the real HTTP app and database: a firing
// alert that outlived its situation is raised again, routed payloads carry the stored alert
// (never a key-only delivery's blanks), text PostgreSQL refuses is sanitized, impossible
// times are refused, and a `__proto__` label is an ordinary label. The outbox router is
// parked; where routing matters the tests run the router's own claim (routing/claim.ts).
let h: ApiHarness;
beforeAll(async () => {
  h = await startHarness({
    temporalAddress: temporalAddress(),
    router: { sweepMs: 3_600_000, debounceMs: 3_600_000 },
  });
});
afterAll(async () => h?.close());

async function integration(kind: string): Promise<{ id: string; token: string }> {
  const token = `hro_ing_${randomBytes(24).toString('base64url')}`;
  const row = await h.prisma.integration.create({
    data: { name: `${kind}-${randomBytes(4).toString('hex')}`, kind, tokenHash: hashToken(token) },
  });
  return { id: row.id, token };
}

const ingest = (kind: string, token: string, body: unknown) => post(`${h.url}/api/v1/ingest/${kind}`, token, body);

async function counts(res: Response) {
  expect(res.status).toBe(202);
  return (await res.json()) as { accepted: number; duplicates: number; ignored: number };
}

async function problem(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await res.json()) as { status: number; errors?: { field: string; message: string }[] };
}

const alertOf = (fingerprint: string) => h.prisma.alert.findUniqueOrThrow({ where: { fingerprint } });

async function payloads(alertId: string): Promise<OutboxPayload[]> {
  const rows = await h.prisma.outboxEntry.findMany({ where: { alertId }, orderBy: { id: 'asc' } });
  return rows.map((r) => r.payload as unknown as OutboxPayload);
}

async function kinds(alertId: string): Promise<string[]> {
  const rows = await h.prisma.alertEvent.findMany({ where: { alertId }, orderBy: { id: 'asc' } });
  return rows.map((e) => e.kind);
}

/** The router's claim, then the rows marked routed as if every signal had been delivered. */
async function route(): Promise<void> {
  await claimAndAssign(h.prisma, h.config.correlation, 1000);
  await h.prisma.outboxEntry.updateMany({
    where: { routedAt: null, workflowId: { not: null } },
    data: { routedAt: new Date() },
  });
}

async function endSituation(id: string, state: string): Promise<void> {
  await h.prisma.situation.update({ where: { id }, data: { state, closedAt: new Date() } });
}

describe('an alert still firing after its situation ended is raised again', () => {
  it('routes the first firing repeat (reraised); the router opens a new situation; later repeats are duplicates', async () => {
    const { token } = await integration('generic');
    const key = `disk-${randomBytes(4).toString('hex')}`;
    const body = { name: 'DiskFull', service: 'db', environment: 'prod', dedupKey: key };
    expect(await counts(await ingest('generic', token, body))).toMatchObject({ accepted: 1 });
    await route();
    const first = await alertOf(`generic:${key}`);
    expect(first.situationId).not.toBeNull();
    await endSituation(first.situationId!, 'not_fixed');

    const again = await counts(await ingest('generic', token, body));
    expect(again).toEqual({ accepted: 1, duplicates: 0, ignored: 0, omitted: 0 });
    const routed = await payloads(first.id);
    expect(routed).toHaveLength(2);
    expect(routed[1]).toMatchObject({ status: 'firing', name: 'DiskFull', service: 'db', environment: 'prod' });
    expect(await kinds(first.id)).toEqual(['fired', 'reraised']);

    // Repeats before the router ran: the reraise is on its way, so they are plain duplicates.
    expect(await counts(await ingest('generic', token, body))).toMatchObject({ accepted: 0, duplicates: 1 });
    await route();
    const second = await alertOf(`generic:${key}`);
    expect(second.situationId).not.toBe(first.situationId);
    const opened = await h.prisma.situation.findUniqueOrThrow({ where: { id: second.situationId! } });
    expect(opened).toMatchObject({ state: 'collecting', service: 'db', environment: 'prod' });
    expect(await counts(await ingest('generic', token, body))).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await payloads(first.id)).toHaveLength(2);
  });

  it('also when the alert has no situation, or was acknowledged in the one that expired; once per batch', async () => {
    const { token } = await integration('generic');
    const lone = `lone-${randomBytes(4).toString('hex')}`;
    await ingest('generic', token, { name: 'Lone', dedupKey: lone });
    // Routed without a situation (e.g. the situation row was deleted: Alert.situationId is SET NULL).
    await h.prisma.outboxEntry.updateMany({ where: { routedAt: null }, data: { routedAt: new Date() } });
    const twice = {
      alerts: [
        { name: 'Lone', dedupKey: lone },
        { name: 'Lone', dedupKey: lone },
      ],
    };
    expect(await counts(await ingest('generic', token, twice))).toMatchObject({ accepted: 1, duplicates: 1 });
    const loneRow = await alertOf(`generic:${lone}`);
    expect(await kinds(loneRow.id)).toEqual(['fired', 'reraised', 'duplicate']);

    const acked = `acked-${randomBytes(4).toString('hex')}`;
    await ingest('generic', token, { name: 'Acked', service: 'q', dedupKey: acked });
    await route();
    await ingest('generic', token, { name: 'Acked', status: 'acknowledged', dedupKey: acked });
    await route();
    const row = await alertOf(`generic:${acked}`);
    expect(row.status).toBe('acknowledged');
    await endSituation(row.situationId!, 'expired');
    expect(await counts(await ingest('generic', token, { name: 'Acked', dedupKey: acked }))).toMatchObject({
      accepted: 1,
    });
    expect((await alertOf(`generic:${acked}`)).status).toBe('firing');
    expect((await payloads(row.id)).at(-1)).toMatchObject({ status: 'firing', service: 'q' });
  });

  it('a firing repeat of an alert in an open situation stays a duplicate', async () => {
    const { token } = await integration('generic');
    const key = `open-${randomBytes(4).toString('hex')}`;
    await ingest('generic', token, { name: 'Open', dedupKey: key });
    await route();
    expect(await counts(await ingest('generic', token, { name: 'Open', dedupKey: key }))).toMatchObject({
      accepted: 0,
      duplicates: 1,
    });
  });
});

describe('routed payloads carry the stored alert', () => {
  it('a key-only generic acknowledge/resolve keeps name, service, environment, labels and severity', async () => {
    const { token } = await integration('generic');
    const dedupKey = `auto-${randomBytes(4).toString('hex')}`;
    await ingest('generic', token, {
      name: 'Flap',
      service: 'auto',
      environment: 'e1',
      severity: 'critical',
      labels: { team: 'ops' },
      dedupKey,
    });
    for (const status of ['acknowledged', 'resolved']) {
      expect(await counts(await ingest('generic', token, { name: 'Flap', status, dedupKey }))).toMatchObject({
        accepted: 1,
      });
    }
    const row = await alertOf(`generic:${dedupKey}`);
    expect(row).toMatchObject({ status: 'resolved', service: 'auto', environment: 'e1' });
    const identity = {
      name: 'Flap',
      service: 'auto',
      environment: 'e1',
      labels: { team: 'ops' },
      severity: 'critical',
    };
    expect(await payloads(row.id)).toEqual([
      expect.objectContaining({ status: 'firing', ...identity }),
      expect.objectContaining({ status: 'acknowledged', ...identity }),
      expect.objectContaining({ status: 'resolved', ...identity }),
    ]);
  });

  it('a firing delivery refreshes what it carries; an absent field never blanks the stored one', async () => {
    const { token } = await integration('generic');
    const dedupKey = `move-${randomBytes(4).toString('hex')}`;
    await ingest('generic', token, { name: 'Lag', service: 'auto', environment: 'e1', dedupKey });
    // More urgent: routed, with the service it now names.
    await ingest('generic', token, { name: 'Lag', service: 'payments', severity: 'critical', dedupKey });
    const row = await alertOf(`generic:${dedupKey}`);
    expect(row).toMatchObject({ service: 'payments', environment: 'e1' });
    expect((await payloads(row.id)).at(-1)).toMatchObject({ service: 'payments', environment: 'e1' });
  });

  it('PagerDuty key-only acknowledge/resolve route the trigger’s name, service and environment', async () => {
    const { id, token } = await integration('pagerduty');
    const enqueue = (body: object) => post(`${h.url}/api/v1/ingest/pagerduty/v2/enqueue`, undefined, body);
    await enqueue({
      routing_key: token,
      event_action: 'trigger',
      dedup_key: 'disk/db-2',
      payload: {
        summary: 'Disk full on db-2',
        source: 'db-2',
        severity: 'critical',
        component: 'postgres',
        custom_details: { environment: 'prod' },
      },
    });
    await enqueue({ routing_key: token, event_action: 'acknowledge', dedup_key: 'disk/db-2' });
    await enqueue({ routing_key: token, event_action: 'resolve', dedup_key: 'disk/db-2' });
    const row = await alertOf(`pagerduty:${id}:disk/db-2`);
    expect(row).toMatchObject({ status: 'resolved', name: 'Disk full on db-2', service: 'postgres' });
    const identity = {
      name: 'Disk full on db-2',
      service: 'postgres',
      environment: 'prod',
      labels: { source: 'db-2', component: 'postgres' },
      severity: 'critical',
    };
    expect((await payloads(row.id)).map((p) => p.status)).toEqual(['firing', 'acknowledged', 'resolved']);
    for (const p of await payloads(row.id)) expect(p).toMatchObject(identity);
  });
});

describe('lone UTF-16 surrogates', () => {
  const HIGH = '\\ud800';
  const LOW = '\\udc00';

  it('are stored as U+FFFD by generic (names, keys, label keys and values); real pairs are kept', async () => {
    const { token } = await integration('generic');
    const key = `sur-${randomBytes(4).toString('hex')}`;
    // Raw JSON text, as a sender would write it.
    const body = `{"name":"Disk${HIGH}Full","dedupKey":"${key}${LOW}","description":"a${HIGH}b",
      "summary":"ok \\ud83d\\ude00","labels":{"te${HIGH}am":"o${LOW}ps"},"annotations":{"x":"${HIGH}"}}`;
    expect(await counts(await ingest('generic', token, body))).toMatchObject({ accepted: 1 });
    const row = await alertOf(`generic:${key}\uFFFD`);
    expect(row).toMatchObject({ name: 'Disk\uFFFDFull', description: 'a\uFFFDb', summary: 'ok 😀' });
    expect(row.labels).toEqual({ 'te\uFFFDam': 'o\uFFFDps' });
    expect(row.annotations).toEqual({ x: '\uFFFD' });
    const [payload] = await payloads(row.id);
    expect(payload).toMatchObject({ name: 'Disk\uFFFDFull', labels: { 'te\uFFFDam': 'o\uFFFDps' } });
  });

  it('are stored as U+FFFD by alertmanager', async () => {
    const { token } = await integration('alertmanager');
    const fp = `sur${randomBytes(4).toString('hex')}`;
    const body = JSON.stringify(amPayload([{ fingerprint: fp, labels: { team: 'TEAM' } }]))
      .replace('TEAM', `o${HIGH}ps`)
      .replace('p99 above 2s', `p99${LOW} above 2s`);
    expect(await counts(await ingest('alertmanager', token, body))).toMatchObject({ accepted: 1 });
    const row = await alertOf(`alertmanager:${fp}`);
    expect(row.labels).toMatchObject({ team: 'o\uFFFDps' });
    expect(row.summary).toBe('p99\uFFFD above 2s');
  });

  it('in a refused payload: 400 naming the field, kept in RejectedPayload', async () => {
    const { id, token } = await integration('generic');
    const res = await ingest('generic', token, `{"name":"x","bad${HIGH}":1}`);
    const p = await problem(res);
    expect(p.status).toBe(400);
    expect(p.errors?.[0]?.field).toBe('bad\ud800');
    const kept = await h.prisma.rejectedPayload.findFirstOrThrow({ where: { integrationId: id } });
    expect(kept.reason).toContain('bad\uFFFD');
  });

  it('a refused payload cut at 64 KiB never ends in half a surrogate pair', async () => {
    const { id, token } = await integration('generic');
    // Malformed JSON whose character 65 535 (the last one kept) is the first half of 😀.
    const head = '{"name":"';
    const body = `${head}${'a'.repeat(64 * 1024 - 1 - head.length)}😀`;
    expect((await problem(await ingest('generic', token, body))).status).toBe(400);
    const kept = await h.prisma.rejectedPayload.findFirstOrThrow({ where: { integrationId: id } });
    expect(kept.payload.length).toBe(64 * 1024 - 1);
    expect(kept.payload.endsWith('a')).toBe(true);
  });
});

describe('times', () => {
  it('year 0000 is "not set" like Go\'s zero time on generic and alertmanager (stored without startsAt)', async () => {
    const { token: g } = await integration('generic');
    const key = `zero-${randomBytes(4).toString('hex')}`;
    const zero = '0000-01-01T00:00:00Z';
    expect(await counts(await ingest('generic', g, { name: 'Zero', dedupKey: key, startsAt: zero }))).toMatchObject({
      accepted: 1,
    });
    expect((await alertOf(`generic:${key}`)).startsAt).toBeNull();
    const { token: am } = await integration('alertmanager');
    const fp = `zero${randomBytes(4).toString('hex')}`;
    expect(
      await counts(await ingest('alertmanager', am, amPayload([{ fingerprint: fp, startsAt: zero }]))),
    ).toMatchObject({ accepted: 1 });
    expect((await alertOf(`alertmanager:${fp}`)).startsAt).toBeNull();
  });

  it('an impossible date (February 30th) is a 400 naming the field', async () => {
    const { token: g } = await integration('generic');
    const bad = '2026-02-30T00:00:00Z';
    const gp = await problem(await ingest('generic', g, { name: 'Feb', startsAt: bad }));
    expect(gp.status).toBe(400);
    expect(gp.errors?.map((e) => e.field)).toEqual(['startsAt']);
    const { token: am } = await integration('alertmanager');
    const ap = await problem(await ingest('alertmanager', am, amPayload([{ fingerprint: 'feb', startsAt: bad }])));
    expect(ap.status).toBe(400);
    expect(ap.errors?.map((e) => e.field)).toEqual(['alerts[0].startsAt']);
  });
});

describe('a __proto__ label', () => {
  it('is an ordinary label on generic: stored, part of the identity, no prototype change', async () => {
    const { token } = await integration('generic');
    const name = `Proto${randomBytes(4).toString('hex')}`;
    const plain = { name, labels: { team: 'ops' } };
    expect(await counts(await ingest('generic', token, plain))).toMatchObject({ accepted: 1 });
    const withProto = `{"name":"${name}","labels":{"team":"ops","__proto__":"x"}}`;
    // Not a duplicate of the alert without it.
    expect(await counts(await ingest('generic', token, withProto))).toMatchObject({ accepted: 1, duplicates: 0 });
    const rows = await h.prisma.alert.findMany({ where: { name }, orderBy: { firstSeenAt: 'asc' } });
    expect(rows).toHaveLength(2);
    const labels = rows[1]!.labels as Record<string, string>;
    expect(Object.keys(labels).sort()).toEqual(['__proto__', 'team']);
    expect(Object.getOwnPropertyDescriptor(labels, '__proto__')?.value).toBe('x');
    const [payload] = await payloads(rows[1]!.id);
    expect(Object.keys(payload!.labels).sort()).toEqual(['__proto__', 'team']);
    // An object value is refused naming the label (labels are strings), never a prototype.
    const objectValue = `{"name":"${name}","labels":{"__proto__":{"polluted":"yes"}}}`;
    const p = await problem(await ingest('generic', token, objectValue));
    expect(p.errors?.map((e) => e.field)).toEqual(['labels.__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('is an ordinary label on alertmanager', async () => {
    const { token } = await integration('alertmanager');
    const fp = `proto${randomBytes(4).toString('hex')}`;
    const body = JSON.stringify(amPayload([{ fingerprint: fp, labels: { PROTO: 'x' } }])).replace(
      '"PROTO"',
      '"__proto__"',
    );
    expect(await counts(await ingest('alertmanager', token, body))).toMatchObject({ accepted: 1 });
    const labels = (await alertOf(`alertmanager:${fp}`)).labels as Record<string, string>;
    expect(Object.getOwnPropertyDescriptor(labels, '__proto__')?.value).toBe('x');
  });
});
