import { maxSeverity, type AlertStatus, type CanonicalAlert, type Severity } from '@hro/domain';

/** The stored state of an alert that decides what a new delivery means. */
export interface StoredAlertState {
  status: AlertStatus;
  severity: Severity;
  startsAt: Date | null;
  /**
   * Active, but neither in an open situation nor on its way to one (no unrouted firing
   * outbox row): its situation ended (not_fixed, expired, …) or it never had one.
   */
  unattended?: boolean;
}

/** AlertEvent.kind values written by ingest. */
export type AlertEventKind =
  'fired' | 'refired' | 'resolved' | 'acknowledged' | 'severity_raised' | 'reraised' | 'duplicate' | 'stale';

/** What one delivery does to one alert. `route` = write an outbox row (a state change). */
export type Transition =
  | { kind: 'ignore'; reason: string }
  | { kind: AlertEventKind; route: boolean; status: AlertStatus; severity: Severity; newOccurrence: boolean };

const ms = (iso: string | undefined): number | undefined => (iso ? Date.parse(iso) : undefined);

/**
 * The dedup/flap state machine, pure so it is unit-tested on its own:
 * - unknown fingerprint: firing creates it; resolve/ack are ignored (no phantom alert);
 * - firing again while active: duplicate (count only), or severity_raised when more urgent;
 *   reraised (routed, status back to firing) when nothing attends to it any more, so the
 *   router opens a new situation for a problem that outlived its last one;
 * - firing after resolved: a new occurrence (refired, flapCount++);
 * - a delivery about an OLDER occurrence (its startsAt, or for resolves its endsAt, is
 *   before the stored occurrence's startsAt) is stale and changes nothing, so late or
 *   reordered webhooks never resurrect or undo newer state.
 */
export function decideTransition(stored: StoredAlertState | null, incoming: CanonicalAlert): Transition {
  const inSeverity = incoming.severity;
  if (!stored) {
    if (incoming.status !== 'firing') return { kind: 'ignore', reason: `${incoming.status} for an unknown alert` };
    return { kind: 'fired', route: true, status: 'firing', severity: inSeverity ?? 'warning', newOccurrence: false };
  }
  const storedStart = stored.startsAt?.getTime();
  const inStart = ms(incoming.startsAt);
  const inEnd = ms(incoming.endsAt);
  const olderOccurrence =
    storedStart !== undefined &&
    ((inStart !== undefined && inStart < storedStart) ||
      (inStart === undefined && incoming.status === 'resolved' && inEnd !== undefined && inEnd < storedStart));
  const same = { status: stored.status, severity: stored.severity, newOccurrence: false };
  if (olderOccurrence) return { kind: 'stale', route: false, ...same };

  const active = stored.status !== 'resolved';
  switch (incoming.status) {
    case 'firing': {
      if (!active) {
        return {
          kind: 'refired',
          route: true,
          status: 'firing',
          severity: inSeverity ?? stored.severity,
          newOccurrence: true,
        };
      }
      const severity = inSeverity ? maxSeverity(stored.severity, inSeverity) : stored.severity;
      // Still firing with nobody on it: an acknowledgement belonged to the situation that ended.
      if (stored.unattended) return { kind: 'reraised', route: true, status: 'firing', severity, newOccurrence: false };
      if (severity !== stored.severity) return { kind: 'severity_raised', route: true, ...same, severity };
      return { kind: 'duplicate', route: false, ...same };
    }
    case 'resolved':
      if (!active) return { kind: 'duplicate', route: false, ...same };
      return { kind: 'resolved', route: true, status: 'resolved', severity: stored.severity, newOccurrence: false };
    case 'acknowledged':
      if (stored.status !== 'firing') return { kind: 'duplicate', route: false, ...same };
      return { kind: 'acknowledged', route: true, ...same, status: 'acknowledged' };
  }
}
