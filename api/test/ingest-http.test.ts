import { temporalAddress } from '../../test/support/env';
import { amPayload, ingestCounts, ingestToken, post, startHarness, type ApiHarness } from './support/api-harness';

let h: ApiHarness;
let amToken: string;
let genericToken: string;

// The router is parked (long sweep, kicks debounced far out) so these tests see ingest's
// own writes; routing has its own tests.
beforeAll(async () => {
  h = await startHarness({
    temporalAddress: temporalAddress(),
    env: { HRO_INGEST_MAX_BYTES: '65536' },
    router: { sweepMs: 3_600_000, debounceMs: 3_600_000 },
  });
  amToken = await ingestToken(h.prisma, 'alertmanager');
  genericToken = await ingestToken(h.prisma, 'generic');
});
afterAll(async () => {
  await h?.close();
});

const am = (body: unknown, token = amToken, headers?: Record<string, string>) =>
  post(`${h.url}/api/v1/ingest/alertmanager`, token, body, headers);
const generic = (body: unknown) => post(`${h.url}/api/v1/ingest/generic`, genericToken, body);

async function problem(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await res.json()) as { status: number; errors?: { field: string; message: string }[] };
}

describe('ingest auth', () => {
  it('401 without a token, 401 with an unknown one, 403 with a token of another kind, 404 for an unknown kind', async () => {
    const before = await ingestCounts(h.prisma);
    expect((await am(amPayload([{ fingerprint: 'x' }]), '')).status).toBe(401);
    expect((await am(amPayload([{ fingerprint: 'x' }]), 'hro_ing_unknown')).status).toBe(401);
    const wrongKind = await am(amPayload([{ fingerprint: 'x' }]), genericToken);
    expect(wrongKind.status).toBe(403);
    await problem(wrongKind);
    expect((await post(`${h.url}/api/v1/ingest/nagios`, amToken, {})).status).toBe(404);
    expect(await ingestCounts(h.prisma)).toEqual(before);
  });
});

describe('alertmanager ingest', () => {
  it('stores a batch, then deduplicates the byte-identical repeat', async () => {
    const body = JSON.stringify(
      amPayload([
        { fingerprint: 'dd01', labels: { severity: 'critical' } },
        { fingerprint: 'dd02', labels: { alertname: 'Errors' } },
      ]),
    );
    const first = await am(body);
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ accepted: 2, duplicates: 0, ignored: 0, omitted: 0 });
    const repeat = await am(body);
    expect(await repeat.json()).toEqual({ accepted: 0, duplicates: 2, ignored: 0, omitted: 0 });

    const alert = await h.prisma.alert.findUniqueOrThrow({ where: { fingerprint: 'alertmanager:dd01' } });
    expect(alert).toMatchObject({ status: 'firing', severity: 'critical', count: 2, flapCount: 0, occurrence: 1 });
    expect(alert.startsAt?.toISOString()).toBe('2026-12-03T10:00:00.123Z');
    expect(await h.prisma.outboxEntry.count({ where: { alertId: alert.id } })).toBe(1);
    const kinds = (await h.prisma.alertEvent.findMany({ where: { alertId: alert.id }, orderBy: { id: 'asc' } })).map(
      (e) => e.kind,
    );
    expect(kinds).toEqual(['fired', 'duplicate']);
  });

  it('counts a flap cycle: fire → resolve → fire is a new occurrence', async () => {
    const fp = 'flap01';
    await am(amPayload([{ fingerprint: fp, startsAt: '2026-12-03T10:00:00Z' }]));
    const resolved = await am(
      amPayload([
        { fingerprint: fp, status: 'resolved', startsAt: '2026-12-03T10:00:00Z', endsAt: '2026-12-03T10:05:00Z' },
      ]),
    );
    expect(((await resolved.json()) as { accepted: number }).accepted).toBe(1);
    let a = await h.prisma.alert.findUniqueOrThrow({ where: { fingerprint: `alertmanager:${fp}` } });
    expect(a.status).toBe('resolved');
    expect(a.resolvedAt?.toISOString()).toBe('2026-12-03T10:05:00.000Z');

    await am(amPayload([{ fingerprint: fp, startsAt: '2026-12-03T10:10:00Z' }]));
    a = await h.prisma.alert.findUniqueOrThrow({ where: { fingerprint: `alertmanager:${fp}` } });
    expect(a).toMatchObject({ status: 'firing', flapCount: 1, occurrence: 2, count: 3, resolvedAt: null });

    // A late resolve of the FIRST occurrence must not resolve the second one.
    const late = await am(
      amPayload([
        { fingerprint: fp, status: 'resolved', startsAt: '2026-12-03T10:00:00Z', endsAt: '2026-12-03T10:05:00Z' },
      ]),
    );
    expect(await late.json()).toMatchObject({ accepted: 0, ignored: 1 });
    a = await h.prisma.alert.findUniqueOrThrow({ where: { fingerprint: `alertmanager:${fp}` } });
    expect(a.status).toBe('firing');
    expect(await h.prisma.outboxEntry.count({ where: { alertId: a.id } })).toBe(3);
  });

  it('ignores a resolve for an unknown fingerprint and reports truncated alerts as omitted', async () => {
    const before = await ingestCounts(h.prisma);
    const res = await am(
      amPayload([{ fingerprint: 'never-seen', status: 'resolved', endsAt: '2026-12-03T11:00:00Z' }], {
        truncatedAlerts: 3,
      }),
    );
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 0, duplicates: 0, ignored: 1, omitted: 3 });
    expect(await ingestCounts(h.prisma)).toEqual(before);
  });

  it('refuses malformed, wrong-typed and oversized payloads with problem+json, writing no alert', async () => {
    const before = await ingestCounts(h.prisma);

    const malformed = await am('{"version": "4", "alerts": [');
    expect(malformed.status).toBe(400);
    expect((await problem(malformed)).errors?.[0]?.field).toBe('(body)');

    const wrongTyped = amPayload([{ fingerprint: 'ok1' }, { fingerprint: 'bad' }]) as unknown as {
      alerts: Record<string, unknown>[];
    };
    wrongTyped.alerts[1]!.status = 'exploded';
    wrongTyped.alerts[1]!.startsAt = 42;
    const typed = await am(wrongTyped);
    expect(typed.status).toBe(400);
    const fields = (await problem(typed)).errors?.map((e) => e.field);
    expect(fields).toEqual(['alerts[1].status', 'alerts[1].startsAt']);

    const big = amPayload([{ fingerprint: 'big', labels: { blob: 'x'.repeat(70_000) } }]);
    const tooLarge = await am(big);
    expect(tooLarge.status).toBe(413);
    await problem(tooLarge);

    const after = await ingestCounts(h.prisma);
    // Nothing but the refusal records: the first, valid alert of the wrong-typed batch is not kept either.
    expect(after).toEqual({ ...before, rejected: before.rejected + 3 });
    const reasons = (await h.prisma.rejectedPayload.findMany({ orderBy: { id: 'asc' } })).map((r) => r.reason);
    expect(reasons.slice(-3)).toEqual([
      expect.stringMatching(/malformed JSON/),
      expect.stringMatching(/alerts\[1\]\.status/),
      expect.stringMatching(/too large/i),
    ]);
  });

  it('accepts JSON sent as text/plain (some senders do)', async () => {
    const res = await am(amPayload([{ fingerprint: 'plain01' }]), amToken, { 'content-type': 'text/plain' });
    expect(res.status).toBe(202);
  });

  it('applies several deliveries of one fingerprint in a batch in the order received', async () => {
    const res = await am(
      amPayload([
        { fingerprint: 'seq01', status: 'resolved', endsAt: '2026-12-03T09:00:00Z' },
        { fingerprint: 'seq01', startsAt: '2026-12-03T10:00:00Z' },
        { fingerprint: 'seq01', status: 'resolved', startsAt: '2026-12-03T10:00:00Z', endsAt: '2026-12-03T10:01:00Z' },
        { fingerprint: 'seq01', startsAt: '2026-12-03T10:02:00Z' },
      ]),
    );
    // The leading resolve is of an unknown alert: ignored, no phantom. Then fire, resolve, refire.
    expect(await res.json()).toEqual({ accepted: 3, duplicates: 0, ignored: 1, omitted: 0 });
    const a = await h.prisma.alert.findUniqueOrThrow({ where: { fingerprint: 'alertmanager:seq01' } });
    expect(a).toMatchObject({ status: 'firing', occurrence: 2, flapCount: 1, count: 3, resolvedAt: null });
    const outbox = await h.prisma.outboxEntry.findMany({ where: { alertId: a.id }, orderBy: { id: 'asc' } });
    expect(outbox.map((o) => (o.payload as { status: string; occurrence: number }).status)).toEqual([
      'firing',
      'resolved',
      'firing',
    ]);
    expect(outbox.map((o) => (o.payload as { occurrence: number }).occurrence)).toEqual([1, 1, 2]);
  });

  it('survives concurrent deliveries of the same new fingerprint', async () => {
    const body = JSON.stringify(amPayload([{ fingerprint: 'race01' }, { fingerprint: 'race02' }]));
    const results = await Promise.all(Array.from({ length: 12 }, () => am(body)));
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(202));
    const totals = await Promise.all(
      results.map(async (r) => (await r.json()) as { accepted: number; duplicates: number }),
    );
    expect(totals.reduce((s, t) => s + t.accepted, 0)).toBe(2);
    expect(totals.reduce((s, t) => s + t.duplicates, 0)).toBe(22);
    const a = await h.prisma.alert.findUniqueOrThrow({ where: { fingerprint: 'alertmanager:race01' } });
    expect(a.count).toBe(12);
    expect(await h.prisma.outboxEntry.count({ where: { alertId: a.id } })).toBe(1);
  });
});

describe('concurrent overlapping batches', () => {
  it('never deadlock, whatever order the fingerprints come in', async () => {
    const fps = Array.from({ length: 40 }, (_, i) => ({ fingerprint: `ov-${String(i).padStart(2, '0')}` }));
    const forward = JSON.stringify(amPayload(fps));
    const backward = JSON.stringify(amPayload([...fps].reverse()));
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => am(i % 2 ? forward : backward)));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(202));
    const rows = await h.prisma.alert.findMany({ where: { fingerprint: { startsWith: 'alertmanager:ov-' } } });
    expect(rows).toHaveLength(40);
    expect(rows.every((r) => r.count === 10)).toBe(true);
  });
});

describe('generic ingest', () => {
  it('stores a single alert and dedups by the identifying fields', async () => {
    const alert = { name: 'QueueBacklog', service: 'worker', environment: 'prod', labels: { queue: 'emails' } };
    expect((await generic(alert)).status).toBe(202);
    const again = await generic({ ...alert, severity: 'critical', summary: 'now worse' });
    expect(await again.json()).toMatchObject({ accepted: 1, duplicates: 0 });
    const rows = await h.prisma.alert.findMany({ where: { source: 'generic', name: 'QueueBacklog' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ severity: 'critical', count: 2, summary: 'now worse' });
    const resolved = await generic({ ...alert, status: 'resolved' });
    expect(await resolved.json()).toMatchObject({ accepted: 1 });
  });

  it('names the wrong field', async () => {
    const res = await generic({ alerts: [{ name: 'A' }, { name: 'B', labels: { a: 1 } }] });
    expect(res.status).toBe(400);
    expect((await problem(res)).errors?.map((e) => e.field)).toEqual(['alerts[1].labels.a']);
  });
});
