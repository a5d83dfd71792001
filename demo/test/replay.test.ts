import { ingestToken, startHarness, type ApiHarness } from '../../api/test/support/api-harness';
import { temporalAddress } from '../../test/support/env';
import { runReplay, startDemoTarget, type DemoTarget } from '../src';

// The replay against the real ingest API and a real demo target; the "operator" repairs the
// target once the outage is in progress, and the replay must then resolve every alert.
describe('demo replay', () => {
  let h: ApiHarness;
  let target: DemoTarget;

  beforeAll(async () => {
    h = await startHarness({ temporalAddress: temporalAddress() });
    target = await startDemoTarget({ port: 0 });
  });
  afterAll(async () => {
    await target?.close();
    await h?.close();
  });

  it('breaks the target, sends the cascade with a duplicate and a flap, and resolves after the repair', async () => {
    const token = await ingestToken(h.prisma, 'alertmanager');
    const lines: string[] = [];
    const repaired = new Promise<void>((resolve) => {
      const log = (line: string): void => {
        lines.push(line);
        if (line.startsWith('outage in progress')) {
          expect(target.state().healthy).toBe(false);
          void fetch(`${target.url}/databases/orders-db/failover`, { method: 'POST' }).then(() => resolve());
        }
      };
      void runReplay(
        {
          url: h.url,
          token,
          target: target.url,
          speed: 20,
          timeoutMinutes: 1,
          repeatSeconds: 60,
          breakTarget: true,
        },
        log,
      ).then((fixed) => lines.push(`fixed=${fixed}`));
    });
    await repaired;
    const deadline = Date.now() + 20_000;
    while (!lines.includes('fixed=true') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(lines).toContain('fixed=true');
    expect(lines.filter((l) => /REFUSED/.test(l))).toEqual([]);

    const alerts = await h.prisma.alert.findMany({ orderBy: { name: 'asc' } });
    expect(alerts.map((a) => [a.name, a.service, a.status])).toEqual([
      ['ApiConnectionPoolSaturated', 'api', 'resolved'],
      ['ApiHighLatency', 'api', 'resolved'],
      ['CheckoutHighErrorRate', 'checkout', 'resolved'],
      ['DatabasePrimaryDown', 'orders-db', 'resolved'],
    ]);
    expect(alerts.find((a) => a.name === 'ApiConnectionPoolSaturated')!.flapCount).toBe(2);
    expect(alerts.find((a) => a.name === 'DatabasePrimaryDown')!.count).toBeGreaterThanOrEqual(2);
  });
});
