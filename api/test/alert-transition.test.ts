import type { CanonicalAlert } from '@hro/domain';
import { decideTransition, type StoredAlertState } from '../src/ingest/alert-transition';

const alert = (over: Partial<CanonicalAlert>): CanonicalAlert => ({
  source: 'generic',
  fingerprint: 'generic:x',
  status: 'firing',
  severity: 'warning',
  name: 'X',
  labels: {},
  annotations: {},
  ...over,
});
const stored = (over: Partial<StoredAlertState>): StoredAlertState => ({
  status: 'firing',
  severity: 'warning',
  startsAt: new Date('2026-12-03T10:00:00Z'),
  ...over,
});

describe('decideTransition (dedup and flap rules)', () => {
  it('creates on first firing, ignores resolve/ack of an unknown alert', () => {
    expect(decideTransition(null, alert({}))).toMatchObject({ kind: 'fired', route: true });
    expect(decideTransition(null, alert({ status: 'resolved' }))).toMatchObject({ kind: 'ignore' });
    expect(decideTransition(null, alert({ status: 'acknowledged' }))).toMatchObject({ kind: 'ignore' });
  });

  it('counts a repeat as a duplicate, routes only a severity increase', () => {
    expect(decideTransition(stored({}), alert({}))).toMatchObject({ kind: 'duplicate', route: false });
    expect(decideTransition(stored({}), alert({ severity: 'info' }))).toMatchObject({
      kind: 'duplicate',
      severity: 'warning',
    });
    expect(decideTransition(stored({}), alert({ severity: 'critical' }))).toMatchObject({
      kind: 'severity_raised',
      route: true,
      severity: 'critical',
    });
  });

  it('resolves, then a new firing is a new occurrence', () => {
    expect(decideTransition(stored({}), alert({ status: 'resolved' }))).toMatchObject({
      kind: 'resolved',
      route: true,
    });
    expect(decideTransition(stored({ status: 'resolved' }), alert({ status: 'resolved' }))).toMatchObject({
      kind: 'duplicate',
    });
    expect(
      decideTransition(stored({ status: 'resolved' }), alert({ startsAt: '2026-12-03T11:00:00.000Z' })),
    ).toMatchObject({ kind: 'refired', route: true, newOccurrence: true });
  });

  it('never lets a delivery about an older occurrence change newer state', () => {
    const current = stored({ startsAt: new Date('2026-12-03T11:00:00Z') });
    // Late resolve of the 10:00 occurrence must not resolve the 11:00 one.
    expect(
      decideTransition(current, alert({ status: 'resolved', startsAt: '2026-12-03T10:00:00.000Z' })),
    ).toMatchObject({ kind: 'stale', route: false, status: 'firing' });
    expect(decideTransition(current, alert({ status: 'resolved', endsAt: '2026-12-03T10:30:00.000Z' }))).toMatchObject({
      kind: 'stale',
    });
    // Late firing of the old occurrence must not resurrect a resolved alert.
    expect(
      decideTransition(
        stored({ status: 'resolved', startsAt: current.startsAt }),
        alert({ startsAt: '2026-12-03T10:00:00.000Z' }),
      ),
    ).toMatchObject({ kind: 'stale' });
  });

  it('acknowledges a firing alert once', () => {
    expect(decideTransition(stored({}), alert({ status: 'acknowledged' }))).toMatchObject({
      kind: 'acknowledged',
      status: 'acknowledged',
    });
    expect(decideTransition(stored({ status: 'acknowledged' }), alert({ status: 'acknowledged' }))).toMatchObject({
      kind: 'duplicate',
    });
    expect(decideTransition(stored({ status: 'acknowledged' }), alert({ status: 'resolved' }))).toMatchObject({
      kind: 'resolved',
    });
  });

  it('reraises a firing repeat of an active alert nothing attends to (its situation ended, or none)', () => {
    const orphan = stored({ unattended: true });
    expect(decideTransition(orphan, alert({}))).toMatchObject({
      kind: 'reraised',
      route: true,
      status: 'firing',
      severity: 'warning',
      newOccurrence: false,
    });
    // More urgent too: one routed change, severity raised with it.
    expect(decideTransition(orphan, alert({ severity: 'critical' }))).toMatchObject({
      kind: 'reraised',
      severity: 'critical',
    });
    // The acknowledgement belonged to the finished situation: firing again, routed.
    expect(decideTransition(stored({ status: 'acknowledged', unattended: true }), alert({}))).toMatchObject({
      kind: 'reraised',
      status: 'firing',
    });
    // Only firing deliveries reraise; stale ones still change nothing.
    expect(decideTransition(orphan, alert({ status: 'acknowledged' }))).toMatchObject({ kind: 'acknowledged' });
    expect(decideTransition(orphan, alert({ status: 'resolved' }))).toMatchObject({ kind: 'resolved' });
    expect(decideTransition(orphan, alert({ startsAt: '2026-12-03T09:00:00.000Z' }))).toMatchObject({
      kind: 'stale',
      route: false,
    });
    // Attended (in an open situation, or a firing change on its way there): a plain duplicate.
    expect(decideTransition(stored({ unattended: false }), alert({}))).toMatchObject({
      kind: 'duplicate',
      route: false,
    });
  });
});
