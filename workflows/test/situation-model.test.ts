import type { AlertSignal } from '@hro/domain';
import { situationFeatures } from '../src/features';
import { SituationModel } from '../src/situation-model';

let seq = 0;
function signal(alertId: string, labels: Record<string, string>): AlertSignal {
  seq += 1;
  return {
    seq,
    alertId,
    fingerprint: `fp-${alertId}`,
    status: 'firing',
    severity: 'high',
    name: 'DiskFull',
    service: 'db',
    environment: 'prod',
    labels,
    occurrence: 1,
    at: '2026-12-03T10:00:00.000Z',
  };
}

describe('SituationModel', () => {
  it('keeps the labels every alert shares, not every alert’s labels', () => {
    const m = new SituationModel('sit-1', 'k', '2026-12-03T10:00:00.000Z');
    expect(m.commonLabels).toBeNull();
    m.applyAlerts([signal('a', { team: 'storage', cluster: 'eu-1', disk: 'sda' })]);
    expect(m.commonLabels).toEqual({ team: 'storage', cluster: 'eu-1', disk: 'sda' });
    m.applyAlerts([signal('b', { team: 'storage', cluster: 'eu-1', disk: 'sdb' })]);
    expect(m.commonLabels).toEqual({ team: 'storage', cluster: 'eu-1' });
    expect(situationFeatures([...m.alerts.values()], m.commonLabels!)).toMatchObject({
      alertNames: ['DiskFull'],
      labels: { team: 'storage', cluster: 'eu-1' },
      text: 'DiskFull db prod storage eu-1',
    });
    // The tracked alerts carry no labels: a storm's per-alert list stays small.
    expect(m.snapshot().alerts.every((a) => !('labels' in a))).toBe(true);
  });

  it('projects a view without the per-alert list and survives continue-as-new', () => {
    const m = new SituationModel('sit-2', 'k', '2026-12-03T10:00:00.000Z');
    const big = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`l${i}`, 'v'.repeat(500)]));
    m.applyAlerts(Array.from({ length: 2_000 }, (_, i) => signal(`x${i}`, { ...big, pod: `p${i}` })));
    expect(m.view()).not.toHaveProperty('alerts');
    // 2,000 alerts with 25 KB of labels each: the carried state is what continue-as-new
    // sends to Temporal (2 MB limit), so it must not grow with the labels.
    expect(Buffer.byteLength(JSON.stringify(m.carried()))).toBeLessThan(1024 * 1024);
    const restored = SituationModel.restore(JSON.parse(JSON.stringify(m.carried())));
    expect(restored.alertCount).toBe(2_000);
    expect(restored.commonLabels).toEqual(big);
  });

  it('restores state carried by a run from before commonLabels existed', () => {
    const m = new SituationModel('sit-3', 'k', '2026-12-03T10:00:00.000Z');
    m.applyAlerts([signal('a', {}), signal('b', {})]);
    const legacy = JSON.parse(JSON.stringify(m.carried())) as ReturnType<SituationModel['carried']>;
    delete (legacy as Partial<typeof legacy>).commonLabels;
    legacy.snapshot.alerts = legacy.snapshot.alerts.map((a, i) => ({
      ...a,
      labels: { team: 'storage', disk: `sd${i}` },
    }));
    expect(SituationModel.restore(legacy).commonLabels).toEqual({ team: 'storage' });
  });
});
