import { ALERTS_SIGNAL, type AlertBatchSignal } from '@hro/domain';
import pino from 'pino';
import { temporalAddress } from '../../test/support/env';
import { routePass, signalBatches } from '../src/routing/outbox-router';
import { amPayload, ingestToken, post, startHarness, type ApiHarness } from './support/api-harness';

// A storm of label-heavy alerts for one situation must reach its workflow even though
// Temporal refuses any payload over 2 MB: the router splits the delivery into signals.

let h: ApiHarness;
let token: string;

beforeAll(async () => {
  // The router is parked (no sweep, kicks coalesce for an hour): the test runs passes itself,
  // so one pass sees the whole storm as one delivery.
  h = await startHarness({
    temporalAddress: temporalAddress(),
    router: { sweepMs: 3_600_000, debounceMs: 3_600_000 },
  });
  token = await ingestToken(h.prisma, 'alertmanager');
});
afterAll(async () => {
  await h?.close();
});

const deps = () => ({ prisma: h.prisma, temporal: h.temporal, logger: pino({ level: 'silent' }), config: h.config });

/** ~7 KB of labels per alert: 20 labels of 340 characters, as verbose exporters send. */
function heavyLabels(i: number): Record<string, string> {
  const labels: Record<string, string> = { service: 'catalog', alertname: `Heavy${i % 5}` };
  for (let k = 0; k < 20; k++) labels[`label_${k}`] = `${i}-${k}-`.padEnd(340, 'x');
  return labels;
}

async function signalPayloadSizes(workflowId: string): Promise<{ sizes: number[]; seqs: number[] }> {
  const history = await h.temporal.client.workflow.getHandle(workflowId).fetchHistory();
  const sizes: number[] = [];
  const seqs: number[] = [];
  for (const e of history.events ?? []) {
    const data = e.workflowExecutionSignaledEventAttributes?.input?.payloads?.[0]?.data;
    if (e.workflowExecutionSignaledEventAttributes?.signalName !== ALERTS_SIGNAL || !data) continue;
    sizes.push(data.length);
    seqs.push(...(JSON.parse(Buffer.from(data).toString('utf8')) as AlertBatchSignal).alerts.map((a) => a.seq));
  }
  return { sizes, seqs };
}

it('splits alerts into signals of at most the byte budget, in order, never leaving one out', () => {
  const alerts = Array.from({ length: 10 }, (_, i) => ({ seq: i + 1, pad: 'x'.repeat(90) }));
  const one = Buffer.byteLength(JSON.stringify(alerts[0]));
  const batches = signalBatches(alerts as never[], one * 3);
  expect(batches.map((b) => b.length)).toEqual([3, 3, 3, 1]);
  expect(batches.flat()).toEqual(alerts);
  // An alert bigger than the budget still goes, alone.
  expect(signalBatches(alerts.slice(0, 2) as never[], 10).map((b) => b.length)).toEqual([1, 1]);
  expect(signalBatches([], 10)).toEqual([]);
});

it('delivers a 3 MB storm for one situation as several signals under Temporal’s limit', async () => {
  const requests = Array.from({ length: 4 }, (_, r) =>
    amPayload(Array.from({ length: 110 }, (_, i) => ({ fingerprint: `heavy-${r}-${i}`, labels: heavyLabels(i) }))),
  );
  for (const body of requests)
    expect((await post(`${h.url}/api/v1/ingest/alertmanager`, token, body)).status).toBe(202);

  // One signal for the whole delivery is what Temporal refuses: the pass fails, nothing routed.
  const unsplit = await routePass(deps(), { taskQueue: h.taskQueue, maxSignalBytes: 64 * 1024 * 1024 });
  expect(unsplit).toMatchObject({ claimed: 440, signalled: 0, failed: 440 });
  const refused = await h.prisma.outboxEntry.findFirstOrThrow({ where: { routedAt: null } });
  expect(refused.lastError).toMatch(/Blob data size exceeds limit/);

  const pass = await routePass(deps(), { taskQueue: h.taskQueue });
  expect(pass).toMatchObject({ claimed: 440, signalled: 440, failed: 0 });
  expect(await h.prisma.outboxEntry.count({ where: { routedAt: null } })).toBe(0);

  const sids = await h.prisma.alert.findMany({ distinct: ['situationId'], select: { situationId: true } });
  expect(sids).toHaveLength(1);
  const { sizes, seqs } = await signalPayloadSizes(sids[0]!.situationId!);
  expect(sizes.length).toBeGreaterThanOrEqual(12);
  // Each signal stays within the budget plus at most one alert's worth of overshoot headroom.
  for (const size of sizes) expect(size).toBeLessThanOrEqual(256 * 1024 + 16 * 1024);
  expect(new Set(seqs).size).toBe(440);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
});
