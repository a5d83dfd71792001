import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALERTS_SIGNAL, type AlertBatchSignal, type AlertChangedEvent } from '@hro/domain';
import pino from 'pino';
import { startTemporalDevServer, type RunningTemporal } from '../../test/support/temporal-server';
import { startOutboxRouter } from '../src/routing/outbox-router';
import { amPayload, ingestToken, post, startHarness, type ApiHarness } from './support/api-harness';

// Our own Temporal dev server (persisted to a temp file) so this test can stop and restart it.
jest.setTimeout(120_000);

let temporal: RunningTemporal;
let h: ApiHarness;
let token: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hro-routing-'));
  temporal = await startTemporalDevServer({ dbFile: join(dir, 'temporal.db') });
  h = await startHarness({
    temporalAddress: temporal.address,
    router: { sweepMs: 300, backoffBaseMs: 200, backoffMaxMs: 1_000, signalTimeoutMs: 2_000 },
  });
  token = await ingestToken(h.prisma, 'alertmanager');
});
afterAll(async () => {
  await h?.close();
  await temporal?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const ingest = (alerts: Parameters<typeof amPayload>[0]) =>
  post(`${h.url}/api/v1/ingest/alertmanager`, token, amPayload(alerts));

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function signalledSeqs(workflowId: string): Promise<number[]> {
  const history = await h.temporal.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? [])
    .filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === ALERTS_SIGNAL)
    .flatMap((e) => {
      const payload = e.workflowExecutionSignaledEventAttributes?.input?.payloads?.[0]?.data;
      const batch = JSON.parse(Buffer.from(payload!).toString('utf8')) as AlertBatchSignal;
      return batch.alerts.map((a) => a.seq);
    });
}

const alertRow = (fp: string) => h.prisma.alert.findUniqueOrThrow({ where: { fingerprint: `alertmanager:${fp}` } });

describe('outbox router', () => {
  it('groups by correlation key into one situation and signal-with-starts its workflow', async () => {
    const events: AlertChangedEvent[] = [];
    const unsubscribe = h.alertEvents.subscribe((e) => events.push(...e));
    expect(
      (
        await ingest([
          { fingerprint: 'r-a1', labels: { service: 'payments', alertname: 'Latency' } },
          { fingerprint: 'r-a2', labels: { service: 'payments', alertname: 'Errors' } },
        ])
      ).status,
    ).toBe(202);
    const sid = await waitFor('routing', async () => (await alertRow('r-a1')).situationId);
    expect((await alertRow('r-a2')).situationId).toBe(sid);
    expect(sid).toMatch(/^sit-[0-9a-f]{12}$/);
    const situation = await h.prisma.situation.findUniqueOrThrow({ where: { id: sid } });
    expect(situation).toMatchObject({ state: 'collecting', correlationKey: 'environment=prod|service=payments' });
    expect(situation.title).toMatch(/^payments in prod: /);
    await waitFor('rows routed', async () => (await h.prisma.outboxEntry.count({ where: { routedAt: null } })) === 0);
    const desc = await h.temporal.client.workflow.getHandle(sid).describe();
    expect(desc.status.name).toBe('RUNNING');
    expect(desc.taskQueue).toBe(h.taskQueue);
    const seqs = (await h.prisma.outboxEntry.findMany({ orderBy: { id: 'asc' } })).map((o) => Number(o.id));
    expect((await signalledSeqs(sid)).sort()).toEqual(seqs.sort());
    // alert.changed: once at ingest (no situation yet), once routed (with its situation).
    unsubscribe();
    expect(
      events
        .filter((e) => e.situationId === null)
        .map((e) => e.fingerprint)
        .sort(),
    ).toEqual(['alertmanager:r-a1', 'alertmanager:r-a2']);
    expect(events.filter((e) => e.situationId === sid)).toHaveLength(2);
  });

  it('batches a storm into few signals and keeps one situation per key across two routers', async () => {
    // A second router over the same database stands in for a second API node.
    const second = startOutboxRouter(
      { prisma: h.prisma, temporal: h.temporal, logger: pino({ level: 'silent' }), config: h.config },
      { taskQueue: h.taskQueue, sweepMs: 100, debounceMs: 10 },
    );
    try {
      const batches = Array.from({ length: 6 }, (_, b) =>
        Array.from({ length: 50 }, (_, i) => ({
          fingerprint: `storm-${b}-${i}`,
          labels: { service: 'inventory', alertname: `A${i % 7}` },
        })),
      );
      const res = await Promise.all(batches.map((b) => ingest(b)));
      expect(res.map((r) => r.status)).toEqual(Array(6).fill(202));
      await waitFor(
        'storm routed',
        async () => (await h.prisma.outboxEntry.count({ where: { routedAt: null } })) === 0,
      );
    } finally {
      await second.stop();
    }
    const alerts = await h.prisma.alert.findMany({ where: { fingerprint: { startsWith: 'alertmanager:storm-' } } });
    expect(alerts).toHaveLength(300);
    const situations = new Set(alerts.map((a) => a.situationId));
    expect(situations.size).toBe(1);
    const sid = [...situations][0]!;
    const history = await h.temporal.client.workflow.getHandle(sid).fetchHistory();
    const signals = (history.events ?? []).filter(
      (e) => e.workflowExecutionSignaledEventAttributes?.signalName === ALERTS_SIGNAL,
    );
    // 300 alerts arrive in a handful of batched signals, never one per alert.
    expect(signals.length).toBeLessThanOrEqual(12);
    expect(new Set(await signalledSeqs(sid)).size).toBe(300);
  });

  it('keeps accepting while Temporal is down and routes everything once it is back', async () => {
    await temporal.stop();
    const res = await ingest([
      { fingerprint: 'r-b1', labels: { service: 'checkout', alertname: 'Errors' } },
      { fingerprint: 'r-b2', labels: { service: 'search', alertname: 'Latency' } },
    ]);
    expect(res.status).toBe(202);
    const pending = await h.prisma.outboxEntry.findMany({ where: { routedAt: null } });
    expect(pending).toHaveLength(2);
    // The router keeps trying and records why it failed; nothing is routed or lost.
    await waitFor('a failed attempt', async () =>
      (await h.prisma.outboxEntry.findMany({ where: { routedAt: null } })).every((o) => o.attempts > 0 && o.lastError),
    );
    expect(await h.prisma.outboxEntry.count({ where: { routedAt: null } })).toBe(2);
    // Readiness names what is down.
    const ready = await fetch(`${h.url}/readyz`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { errors: { field: string }[] };
    expect(body.errors.map((e) => e.field)).toEqual(['temporal']);

    temporal = await startTemporalDevServer({ port: temporal.port, dbFile: join(dir, 'temporal.db') });
    await waitFor(
      'rows routed after restart',
      async () => (await h.prisma.outboxEntry.count({ where: { routedAt: null } })) === 0,
      60_000,
    );
    for (const fp of ['r-b1', 'r-b2']) {
      const a = await alertRow(fp);
      const desc = await h.temporal.client.workflow.getHandle(a.situationId!).describe();
      expect(desc.status.name).toBe('RUNNING');
      const seq = pending.find((o) => o.alertId === a.id)!.id;
      expect(await signalledSeqs(a.situationId!)).toContain(Number(seq));
    }
    // The situation from before the outage survived the restart (persisted dev server).
    const first = await alertRow('r-a1');
    expect((await h.temporal.client.workflow.getHandle(first.situationId!).describe()).status.name).toBe('RUNNING');
  });

  it('never restarts a closed situation workflow: its new alerts open a new situation', async () => {
    const old = await alertRow('r-b1');
    await h.temporal.client.workflow.getHandle(old.situationId!).terminate('test: situation over');
    // The alert resolves and fires again: the refire must land in a NEW situation.
    await ingest([
      {
        fingerprint: 'r-b1',
        status: 'resolved',
        labels: { service: 'checkout', alertname: 'Errors' },
        endsAt: '2026-12-03T10:30:00Z',
      },
    ]);
    await ingest([
      { fingerprint: 'r-b1', labels: { service: 'checkout', alertname: 'Errors' }, startsAt: '2026-12-03T11:00:00Z' },
    ]);
    const sid = await waitFor('re-routed', async () => {
      const a = await alertRow('r-b1');
      const unrouted = await h.prisma.outboxEntry.count({ where: { routedAt: null } });
      return unrouted === 0 && a.situationId && a.situationId !== old.situationId ? a.situationId : undefined;
    });
    expect((await h.temporal.client.workflow.getHandle(sid).describe()).status.name).toBe('RUNNING');
    const key = await h.prisma.correlationKey.findUniqueOrThrow({
      where: { key: 'environment=prod|service=checkout' },
    });
    expect(key.situationId).toBe(sid);
    const oldDesc = await h.temporal.client.workflow.getHandle(old.situationId!).describe();
    expect(oldDesc.status.name).toBe('TERMINATED');
  });
});
