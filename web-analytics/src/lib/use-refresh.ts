import { useEffect, useRef, useState } from 'react';
import { useRealtimeEvent, useRealtimeStatus } from './realtime';

/**
 * A counter that views pass as `refreshKey`: it moves (debounced) after situation changes
 * and alert changes, on every reconnect, and on a timer so rolling ranges keep rolling.
 * Debouncing turns an alert storm into one refetch instead of hundreds.
 */
export function useRefreshKey(opts: { situationDebounceMs: number; alertDebounceMs: number; intervalMs: number }) {
  const [key, setKey] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const due = useRef(0);
  const bump = () => setKey((k) => k + 1);
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
  const { connects } = useRealtimeStatus();
  useEffect(() => {
    if (connects > 1) bump();
  }, [connects]);
  useEffect(() => {
    const id = setInterval(bump, opts.intervalMs);
    return () => clearInterval(id);
  }, [opts.intervalMs]);
  useEffect(() => () => clearTimeout(timer.current), []);
  return key;
}
