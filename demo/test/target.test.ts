import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startDemoTarget, type DemoTarget } from '../src/target';

const run = promisify(execFile);

describe('demo target', () => {
  let target: DemoTarget;
  const post = (path: string, body: unknown = {}, key?: string) =>
    fetch(`${target.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify(body),
    });
  const get = (path: string) => fetch(`${target.url}${path}`);

  beforeEach(async () => (target = await startDemoTarget({ port: 0 })));
  afterEach(() => target.close());

  it('starts healthy', async () => {
    expect((await get('/health/api')).status).toBe(200);
    expect(target.state().healthy).toBe(true);
  });

  it('cascades a database outage into api latency and checkout errors, repaired by a failover', async () => {
    expect((await post('/admin/break', { scenario: 'db-primary-down' })).status).toBe(200);
    const api = (await (await get('/health/api')).json()) as { latencyMs: number; status: string };
    expect(api.status).toBe('degraded');
    expect(api.latencyMs).toBeGreaterThan(1000);
    expect((await get('/health/checkout')).status).toBe(503);
    expect((await get('/databases/orders-db/health')).status).toBe(503);

    expect((await post('/databases/orders-db/failover', {}, 'wf-1:apply:2')).status).toBe(200);
    expect((await get('/databases/orders-db/health')).status).toBe(200);
    expect((await get('/health/checkout')).status).toBe(200);
    expect(target.state().healthy).toBe(true);
    // The old primary is down: failing back onto it is refused.
    expect((await post('/databases/orders-db/failback')).status).toBe(409);
  });

  it('applies an effect once per Idempotency-Key and replays the first answer', async () => {
    const first = await post('/services/api/restart', {}, 'wf-2:apply:0');
    const again = await post('/services/api/restart', {}, 'wf-2:apply:0');
    expect(await again.json()).toEqual(await first.json());
    expect(target.state().services.api.restarts).toBe(1);
    expect(target.state().idempotency['wf-2:apply:0']).toEqual({
      route: '/services/api/restart',
      applied: 1,
      deliveries: 2,
    });
    await post('/services/api/restart', {}, 'wf-2:apply:1');
    expect(target.state().services.api.restarts).toBe(2);
    expect((await post('/services/api/scale', { replicas: 3 }, 'wf-2:apply:0')).status).toBe(422);
  });

  it('fails injected requests without recording the key, so a retry applies', async () => {
    await post('/admin/fail', { path: '/deployments/checkout/rollback', times: 1 });
    await post('/admin/break', { scenario: 'bad-deploy' });
    expect((await post('/deployments/checkout/rollback', {}, 'k')).status).toBe(500);
    expect((await post('/deployments/checkout/rollback', {}, 'k')).status).toBe(200);
    expect(target.state().deployment.version).toBe('v2.14.0');
    expect(target.state().healthy).toBe(true);
    await post('/deployments/checkout/rollforward', {}, 'k2');
    expect(target.state().deployment.version).toBe('v2.15.0');
    expect(target.state().effects.map((e) => e.route)).toEqual([
      '/deployments/checkout/rollback',
      '/deployments/checkout/rollforward',
    ]);
  });

  it('repairs a traffic spike by scaling out, and restores the replica count on compensation', async () => {
    await post('/admin/break', { scenario: 'traffic-spike' });
    expect((await get('/health/api')).status).toBe(503);
    expect((await post('/services/api/scale', { replicas: 6 })).status).toBe(200);
    expect((await get('/health/api')).status).toBe(200);
    await post('/services/api/scale/restore');
    expect(target.state().services.api.replicas).toBe(2);
  });

  it('answers bad requests with 4xx', async () => {
    expect((await post('/admin/break', { scenario: 'meteor' })).status).toBe(400);
    expect((await post('/services/api/scale', { replicas: 'many' })).status).toBe(400);
    expect((await post('/services/nope/restart')).status).toBe(404);
    const raw = await fetch(`${target.url}/services/api/restart`, { method: 'POST', body: '[1' });
    expect(raw.status).toBe(400);
  });

  it('is driven by hro-demo-ctl, which forwards HRO_IDEMPOTENCY_KEY', async () => {
    const bin = join(__dirname, '..', 'bin', 'hro-demo-ctl');
    const env = { PATH: process.env.PATH ?? '', HRO_IDEMPOTENCY_KEY: 'wf-3:apply:1' };
    for (let i = 0; i < 2; i++) await run(bin, ['--target', target.url, 'drain-connections', 'api'], { env });
    expect(target.state().services.api.connectionDrains).toBe(1);
    await expect(run(bin, ['--target', target.url, 'drain-connections', 'nope'], { env })).rejects.toMatchObject({
      code: 1,
    });
    await expect(run(bin, ['drain-connections', 'api'], { env })).rejects.toMatchObject({ code: 2 });
  });
});
