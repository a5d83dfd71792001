import { useCallback, useEffect, useRef, useState } from 'react';
import { useRealtimeEvent, useRealtimeStatus } from './realtime';

export interface Refresh {
  /** Pass as `refreshKey`: moves whenever views should refetch. */
  key: number;
  /** When it last moved (ms since epoch): rolling ranges are anchored here. */
  at: number;
  /** Moves it now (e.g. after the user changed the filters). */
  bump: () => void;
}

/**
 * A refresh signal for every view: it moves (debounced) after situation and alert changes,
 * on every reconnect, and on a timer so rolling ranges keep rolling. Debouncing turns an
 * alert storm into one refetch instead of hundreds.
 */
export function useRefresh(opts: {
  situationDebounceMs: number;
  alertDebounceMs: number;
  intervalMs: number;
}): Refresh {
  const [tick, setTick] = useState(() => ({ key: 0, at: Date.now() }));
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const due = useRef(0);
  const bump = useCallback(() => setTick((t) => ({ key: t.key + 1, at: Date.now() })), []);
  const schedule = (ms: number) => {
    const at = Date.now() + ms;
    // Keep the earliest pending refresh; a later event never postpones one already due.
    if (timer.current && due.current <= at) return;
    clearTimeout(timer.current);
    due.current = at;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      bump();
    }, ms);
  };
  useRealtimeEvent('situation.changed', () => schedule(opts.situationDebounceMs));
  useRealtimeEvent('alert.changed', () => schedule(opts.alertDebounceMs));
  useEffect(() => {
    const id = setInterval(bump, opts.intervalMs);
    return () => clearInterval(id);
  }, [bump, opts.intervalMs]);
  useEffect(() => () => clearTimeout(timer.current), []);
  // A reconnect is a refresh too: events may have been missed while offline.
  const { connects, connectedAt } = useRealtimeStatus();
  return { key: tick.key + Math.max(0, connects - 1), at: Math.max(tick.at, connectedAt), bump };
}
