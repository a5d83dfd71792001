import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { temporalAddress } from '../../test/support/env';
import { freePort } from '../../test/support/temporal-server';
import { ingestToken, startHarness, type ApiHarness } from './support/api-harness';

// A real Prometheus Alertmanager (Debian's package) posting its webhooks to our ingest.
const ALERTMANAGER = process.env.HRO_ALERTMANAGER_PATH ?? '/usr/bin/prometheus-alertmanager';

jest.setTimeout(120_000);

let h: ApiHarness;
let am: ChildProcess;
let amUrl: string;
let dir: string;

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  h = await startHarness({ temporalAddress: temporalAddress(), router: { sweepMs: 3_600_000, debounceMs: 3_600_000 } });
  const token = await ingestToken(h.prisma, 'alertmanager');
  dir = mkdtempSync(join(tmpdir(), 'hro-am-'));
  const config = `
route:
  receiver: hro
  group_by: ['service']
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: hro
    webhook_configs:
      - url: ${h.url}/api/v1/ingest/alertmanager
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: ${token}
`;
  writeFileSync(join(dir, 'alertmanager.yml'), config);
  const port = await freePort();
  amUrl = `http://127.0.0.1:${port}`;
  am = spawn(
    ALERTMANAGER,
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  await waitFor('alertmanager ready', async () => (await fetch(`${amUrl}/-/ready`)).ok);
});

afterAll(async () => {
  if (am && am.exitCode === null) {
    const exited = new Promise((r) => am.once('exit', r));
    am.kill('SIGTERM');
    await exited;
  }
  await h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function postAlerts(alerts: unknown[]): Promise<void> {
  const res = await fetch(`${amUrl}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alerts),
  });
  expect(res.status).toBe(200);
}

describe('real Alertmanager → ingest', () => {
  it('delivers firing then resolved alerts, keyed by the Alertmanager fingerprint', async () => {
    const labels = (alertname: string) => ({ alertname, service: 'db', environment: 'prod', severity: 'critical' });
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    await postAlerts([
      { labels: labels('PostgresDown'), annotations: { summary: 'primary unreachable' }, startsAt },
      { labels: labels('ReplicationLag'), annotations: { summary: 'lag > 30s' }, startsAt },
    ]);

    const amAlerts = await waitFor('alertmanager API lists the alerts', async () => {
      const list = (await (await fetch(`${amUrl}/api/v2/alerts`)).json()) as {
        fingerprint: string;
        labels: Record<string, string>;
      }[];
      return list.length === 2 ? list : undefined;
    });
    const fps = amAlerts.map((a) => `alertmanager:${a.fingerprint}`).sort();

    const stored = await waitFor('alerts stored', async () => {
      const rows = await h.prisma.alert.findMany({
        where: { fingerprint: { in: fps } },
        orderBy: { fingerprint: 'asc' },
      });
      return rows.length === 2 ? rows : undefined;
    });
    expect(stored.map((r) => r.fingerprint)).toEqual(fps);
    for (const r of stored) {
      expect(r).toMatchObject({
        status: 'firing',
        severity: 'critical',
        service: 'db',
        environment: 'prod',
        source: 'alertmanager',
      });
      expect(r.startsAt?.toISOString().slice(0, 19)).toBe(startsAt.slice(0, 19));
    }
    expect(await h.prisma.outboxEntry.count()).toBe(2);

    // Resolve one: Alertmanager sends it as resolved (same fingerprint) on the next group flush.
    await postAlerts([
      {
        labels: labels('PostgresDown'),
        annotations: { summary: 'primary unreachable' },
        startsAt,
        endsAt: new Date().toISOString(),
      },
    ]);
    const down = amAlerts.find((a) => a.labels['alertname'] === 'PostgresDown')!;
    const resolved = await waitFor('resolved stored', async () => {
      const r = await h.prisma.alert.findUnique({ where: { fingerprint: `alertmanager:${down.fingerprint}` } });
      return r?.status === 'resolved' ? r : undefined;
    });
    expect(resolved.resolvedAt).not.toBeNull();
    const other = await h.prisma.alert.findFirstOrThrow({
      where: { fingerprint: { in: fps }, NOT: { id: resolved.id } },
    });
    expect(other.status).toBe('firing');
    expect(await h.prisma.rejectedPayload.count()).toBe(0);
  });
});
