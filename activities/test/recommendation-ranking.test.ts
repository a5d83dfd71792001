import { runbookSchema, type Runbook, type SituationFeatures, type SituationState } from '@hro/domain';
import { rankCandidates, similarity, type PastSituation } from '../src/recommendation';

function runbook(id: string, risk: Runbook['risk'], alertnames = ['ApiHighLatency'], params = {}): Runbook {
  return runbookSchema.parse({
    id,
    version: 1,
    title: id,
    risk,
    appliesTo: { alertnames },
    parameters: params,
    steps: [{ name: 'go', action: { kind: 'http', url: `http://127.0.0.1:3999/${id}` } }],
  });
}

const F: SituationFeatures = {
  alertNames: ['ApiHighLatency'],
  services: ['api'],
  environments: ['prod'],
  labels: { team: 'web' },
  text: 'API latency high',
};

let n = 0;
function past(runbookId: string, state: SituationState, features: SituationFeatures = F): PastSituation {
  n += 1;
  return { id: `sit-${n}`, title: `past ${n}`, state, runbookId, features, closedAt: new Date('2026-12-01T10:00:00Z') };
}

describe('similarity', () => {
  it('is 1 for identical situations and a weighted Jaccard mean otherwise', () => {
    expect(similarity(F, F)).toBe(1);
    // alert names 1/2, services 1, labels 1, text 0 (one side empty): 0.4*0.5+0.25+0.2+0 = 0.65
    const other = { ...F, alertNames: ['ApiHighLatency', 'Other'], text: '' };
    expect(similarity(F, other)).toBeCloseTo(0.65, 10);
  });

  it('leaves out facets empty on both sides and renormalises', () => {
    const a: SituationFeatures = { alertNames: ['A'], services: ['s'], environments: [], labels: {}, text: '' };
    const b: SituationFeatures = { ...a, alertNames: ['A', 'B'], services: ['s', 't'] };
    expect(similarity(a, b)).toBeCloseTo((0.4 * 0.5 + 0.25 * 0.5) / 0.65, 10); // = 0.5
  });
});

describe('rankCandidates', () => {
  it('only proposes applicable runbooks', () => {
    const { candidates } = rankCandidates({
      features: F,
      context: {},
      runbooks: [runbook('restart', 'low'), runbook('failover', 'high', ['DatabasePrimaryDown'])],
      history: [],
    });
    expect(candidates.map((c) => c.runbook.id)).toEqual(['restart']);
  });

  it('weights outcomes with a Beta(1,1) prior and ranks by success minus risk penalty', () => {
    const history = [
      past('scale', 'resolved'),
      past('failover', 'resolved'),
      past('failover', 'resolved'),
      past('failover', 'resolved'),
      past('failover', 'rolled_back'),
    ];
    const { candidates } = rankCandidates({
      features: F,
      context: {},
      runbooks: [runbook('failover', 'high'), runbook('restart', 'low'), runbook('scale', 'medium')],
      history,
    });
    // scale: (1+1)/(2+1) = 0.667 − 0.1 = 0.567; restart: prior 0.5 − 0 = 0.5; failover: 4/6 − 0.25 = 0.417
    expect(candidates.map((c) => [c.runbook.id, c.confidence])).toEqual([
      ['scale', 0.667],
      ['restart', 0.5],
      ['failover', 0.667],
    ]);
    expect(candidates[2]!.similar.map((s) => s.outcome).sort()).toEqual([
      'resolved',
      'resolved',
      'resolved',
      'rolled_back',
    ]);
    expect(candidates[2]!.plan.requiredApprovals).toBe(2);
  });

  it('treats rejected and expired as weak negatives and ignores auto_resolved', () => {
    const rank = (state: SituationState): number =>
      rankCandidates({ features: F, context: {}, runbooks: [runbook('r', 'low')], history: [past('r', state)] })
        .candidates[0]!.confidence;
    expect(rank('not_fixed')).toBe(0.333); // 1 / (1 + 2)
    expect(rank('rejected')).toBe(0.4); // 1 / (1 + 1.5)
    expect(rank('expired')).toBe(0.444); // 1 / (1 + 1.25)
    expect(rank('auto_resolved')).toBe(0.5);
  });

  it('scales evidence by similarity and ignores dissimilar situations', () => {
    const unrelated: SituationFeatures = {
      alertNames: ['DiskFull'],
      services: ['batch'],
      environments: ['dev'],
      labels: {},
      text: 'disk',
    };
    const half = { ...F, alertNames: ['ApiHighLatency', 'Other'], text: '' }; // similarity 0.65
    const { candidates } = rankCandidates({
      features: F,
      context: {},
      runbooks: [runbook('r', 'low')],
      history: [past('r', 'resolved', half), past('r', 'not_fixed', unrelated)],
    });
    expect(candidates[0]!.confidence).toBe(Math.round((1.65 / 2.65) * 1000) / 1000);
    expect(candidates[0]!.similar).toHaveLength(1);
  });

  it('breaks a score tie in favour of the lower risk', () => {
    const a: SituationFeatures = { alertNames: ['A'], services: ['s'], environments: [], labels: {}, text: '' };
    const b: SituationFeatures = { ...a, alertNames: ['A', 'B'], services: ['s', 't'] }; // similarity 0.5
    // medium: (1 + 0.5) / 2.5 = 0.6 − 0.1 = 0.5; low: 0.5 − 0 = 0.5
    const { candidates } = rankCandidates({
      features: a,
      context: {},
      runbooks: [runbook('m', 'medium', ['A']), runbook('l', 'low', ['A'])],
      history: [past('m', 'resolved', b)],
    });
    expect(candidates.map((c) => c.runbook.id)).toEqual(['l', 'm']);
  });

  it('names the past situations and their outcomes in the rationale', () => {
    const ok = past('r', 'resolved');
    const bad = past('r', 'not_fixed');
    const { candidates } = rankCandidates({
      features: F,
      context: {},
      runbooks: [runbook('r', 'low')],
      history: [ok, bad],
    });
    const text = candidates[0]!.rationale;
    expect(text).toContain('alertname ApiHighLatency');
    expect(text).toContain(`${ok.id} (resolved, 100% similar)`);
    expect(text).toContain(`${bad.id} (not_fixed, 100% similar)`);
    expect(text).toContain('Estimated success 50%');
    expect(text).toContain('Risk low (no penalty); needs 1 approver.');
    expect(
      rankCandidates({ features: F, context: {}, runbooks: [runbook('r', 'low')], history: [] }).candidates[0]!
        .rationale,
    ).toContain('No similar past situation used this runbook yet');
  });

  it('skips a runbook whose parameters cannot be resolved, saying why', () => {
    const needsCluster = runbook('needs', 'low', ['ApiHighLatency'], {
      cluster: { type: 'string', from: 'labels.cluster' },
    });
    const result = rankCandidates({ features: F, context: { service: 'api' }, runbooks: [needsCluster], history: [] });
    expect(result.candidates).toEqual([]);
    expect(result.skipped).toEqual([{ runbookId: 'needs', version: 1, reason: 'cluster: is required' }]);
  });
});
