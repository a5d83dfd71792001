import { createHash } from 'node:crypto';
import { PlanError, canonicalJson, renderPlan, runbookSchema, sha256Hex } from '../src';

const runbook = runbookSchema.parse({
  id: 'restart-service',
  version: 3,
  title: 'Restart a service',
  risk: 'low',
  appliesTo: { alertnames: ['HighLatency'] },
  parameters: {
    service: { type: 'string', pattern: '[a-z][a-z0-9-]{0,62}', from: 'service' },
    graceSeconds: { type: 'integer', minimum: 0, maximum: 300, default: 10 },
  },
  steps: [
    {
      name: 'restart',
      action: { kind: 'command', argv: ['systemctl', 'restart', '{{ params.service }}'] },
      compensate: { kind: 'http', url: 'http://127.0.0.1:4000/services/{{params.service}}/start' },
    },
    { name: 'check', action: { kind: 'check', url: 'http://127.0.0.1:4000/health' } },
  ],
});

describe('plan rendering and hashing', () => {
  it('substitutes parameters from the situation and defaults', () => {
    const plan = renderPlan(runbook, {}, { service: 'checkout' });
    expect(plan.params).toEqual({ service: 'checkout', graceSeconds: 10 });
    expect(plan.steps[0]!.action).toEqual({ kind: 'command', argv: ['systemctl', 'restart', 'checkout'] });
    expect(plan.steps[0]!.compensate).toMatchObject({ url: 'http://127.0.0.1:4000/services/checkout/start' });
    expect(plan.requiredApprovals).toBe(1);
    expect(plan.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same hash for the same plan and a different one when anything changes', () => {
    const a = renderPlan(runbook, { service: 'checkout' });
    expect(renderPlan(runbook, { service: 'checkout', graceSeconds: 10 }).hash).toBe(a.hash);
    expect(renderPlan(runbook, { service: 'checkout', graceSeconds: 11 }).hash).not.toBe(a.hash);
    expect(renderPlan({ ...runbook, version: 4 }, { service: 'checkout' }).hash).not.toBe(a.hash);
  });

  it('rejects values outside the schema, naming the parameter', () => {
    expect(() => renderPlan(runbook, { service: 'x; rm -rf /' })).toThrow(PlanError);
    try {
      renderPlan(runbook, { service: 'ok', graceSeconds: 999, bogus: 1 });
    } catch (e) {
      expect((e as PlanError).issues.map((i) => i.param).sort()).toEqual(['bogus', 'graceSeconds']);
    }
  });

  it('refuses a placeholder that is only part of an argv element', () => {
    const bad = runbookSchema.parse({
      ...runbook,
      steps: [{ name: 'x', action: { kind: 'command', argv: ['echo', '--svc={{params.service}}'] } }],
    });
    expect(() => renderPlan(bad, { service: 'checkout' })).toThrow(/whole argv element/);
  });

  it('hashes canonical JSON with sorted keys using a correct SHA-256', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    for (const s of ['', 'abc', 'é'.repeat(100)]) {
      expect(sha256Hex(s)).toBe(createHash('sha256').update(s).digest('hex'));
    }
  });
});
