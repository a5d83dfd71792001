import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderPlan, type PlanContext, type PlannedStep } from '@hro/domain';
import { loadCatalog, type Catalog } from '../../activities/src/catalog';
import { runAction } from '../../activities/src/execution/runners';
import { startDemoTarget, type DemoTarget, type Scenario } from '../src/target';

// The shipped runbooks, rendered exactly as approvers see them, run by the real step runner
// against the real demo target: each repairs the failure it is written for.
const ROOT = join(__dirname, '..', '..');
let target: DemoTarget;
let dir: string;
let catalog: Catalog;

beforeEach(async () => {
  target = await startDemoTarget({ port: 0 });
  // The runbooks name the demo target's default address literally; point a copy at this one.
  dir = mkdtempSync(join(tmpdir(), 'hro-runbooks-'));
  for (const f of readdirSync(join(ROOT, 'runbooks')).filter((f) => f.endsWith('.yaml'))) {
    const text = readFileSync(join(ROOT, 'runbooks', f), 'utf8').replaceAll(
      '127.0.0.1:3999',
      `127.0.0.1:${target.port}`,
    );
    writeFileSync(join(dir, f), text);
  }
  catalog = loadCatalog(dir, { commandAllowlist: ['hro-demo-ctl'], httpAllowlist: [`127.0.0.1:${target.port}`] });
});
afterEach(async () => {
  await target.close();
  rmSync(dir, { recursive: true, force: true });
});

const ctx = (key: string) => ({
  idempotencyKey: key,
  timeoutMs: 10_000,
  outputLimit: 4096,
  commandAllowlist: ['hro-demo-ctl'],
  httpAllowlist: [`127.0.0.1:${target.port}`],
  commandPath: `${join(ROOT, 'demo', 'bin')}:${process.env.PATH ?? ''}`,
});

/** Applies the steps in order; on a failure runs the completed steps' compensations in reverse. */
async function execute(steps: PlannedStep[]): Promise<{ failedAt: number | null; compensated: string[] }> {
  const done: PlannedStep[] = [];
  for (const step of steps) {
    try {
      await runAction(step.action, ctx(`wf-test:apply:${step.index}`));
      done.push(step);
    } catch {
      const compensated: string[] = [];
      for (const d of done.reverse()) {
        if (!d.compensate) continue;
        await runAction(d.compensate, ctx(`wf-test:compensate:${d.index}`));
        compensated.push(d.name);
      }
      return { failedAt: step.index, compensated };
    }
  }
  return { failedAt: null, compensated: [] };
}

async function breakTarget(scenario: Scenario): Promise<void> {
  await fetch(`${target.url}/admin/break`, { method: 'POST', body: JSON.stringify({ scenario }) });
  expect(target.state().healthy).toBe(false);
}

const cases: [string, Scenario, PlanContext][] = [
  ['failover-database', 'db-primary-down', { service: 'orders-db', labels: { cluster: 'orders-db' } }],
  ['rollback-deployment', 'bad-deploy', { service: 'checkout' }],
  ['restart-service', 'memory-leak', { service: 'api' }],
  ['scale-out', 'traffic-spike', { service: 'api' }],
];

describe('shipped runbooks on the demo target', () => {
  it.each(cases)('%s repairs %s', async (id, scenario, context) => {
    await breakTarget(scenario);
    const result = await execute(renderPlan(catalog.get(id)!, {}, context).steps);
    expect(result).toEqual({ failedAt: null, compensated: [] });
    expect(target.state().healthy).toBe(true);
  });

  it('failover keeps checkout shielded while it switches and drains the api pool through hro-demo-ctl', async () => {
    await breakTarget('db-primary-down');
    await execute(renderPlan(catalog.get('failover-database')!, {}, cases[0]![2]).steps);
    const state = target.state();
    expect(state.effects.map((e) => e.route)).toEqual([
      '/services/checkout/maintenance',
      '/services/api/connections/drain',
      '/databases/orders-db/failover',
      '/services/checkout/maintenance',
    ]);
    expect(state.services.api.connectionDrains).toBe(1);
    expect(state.idempotency['wf-test:apply:1']).toMatchObject({ applied: 1 });
    expect(state.services.checkout.maintenance).toBe(false);
  });

  it('drain-connection-pool runs its command step', async () => {
    const result = await execute(renderPlan(catalog.get('drain-connection-pool')!, {}, { service: 'api' }).steps);
    expect(result.failedAt).toBeNull();
    expect(target.state().services.api.connectionDrains).toBe(1);
  });

  it('a scale-out that does not fix the service is compensated back to the old replica count', async () => {
    await breakTarget('memory-leak'); // more replicas do not cure a leak
    const steps = renderPlan(catalog.get('scale-out')!, {}, { service: 'api' }).steps;
    const result = await execute(steps);
    expect(result).toEqual({ failedAt: 1, compensated: ['scale'] });
    expect(target.state().services.api.replicas).toBe(2);
  });

  it('a rollback that does not fix the service is rolled forward', async () => {
    await breakTarget('db-primary-down'); // checkout fails because of the database, not the deploy
    const result = await execute(renderPlan(catalog.get('rollback-deployment')!, {}, { service: 'checkout' }).steps);
    expect(result).toEqual({ failedAt: 1, compensated: ['rollback'] });
    expect(target.state().deployment.version).toBe('v2.14.0');
  });
});
