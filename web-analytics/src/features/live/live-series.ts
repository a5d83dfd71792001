import type { AlertChangedEvent, LiveMinute, LiveResponse } from '@hro/domain';

const MINUTE = 60_000;

/** Deliveries pushed over the socket since the last fetch. */
export interface Bump {
  at: number;
}

/** True when an `alert.changed` event belongs in the live view under these filters. */
export function bumpMatches(e: AlertChangedEvent, f: { environment?: string; service?: string }): boolean {
  // The event carries no environment: under an environment filter the debounced refetch counts it instead.
  if (f.environment) return false;
  return !f.service || e.service === f.service;
}

/**
 * The server's last-hour series plus the deliveries seen live since it was computed:
 * bumps at or before `asOf` are already counted; later ones land in their minute, and a
 * bump in a new minute slides the 60-minute window forward.
 */
export function mergeLive(
  data: LiveResponse,
  bumps: Bump[],
): { minutes: LiveMinute[]; lastHour: number; lastFiveMinutes: number; pending: number } {
  const asOf = Date.parse(data.asOf);
  const pending = bumps.filter((b) => b.at > asOf);
  const counts = new Map<number, number>(data.minutes.map((m) => [Date.parse(m.at), m.deliveries]));
  let last = data.minutes.length
    ? Date.parse(data.minutes[data.minutes.length - 1]!.at)
    : Math.floor(asOf / MINUTE) * MINUTE;
  for (const b of pending) {
    const minute = Math.floor(b.at / MINUTE) * MINUTE;
    last = Math.max(last, minute);
    counts.set(minute, (counts.get(minute) ?? 0) + 1);
  }
  const minutes: LiveMinute[] = [];
  for (let t = last - 59 * MINUTE; t <= last; t += MINUTE) {
    minutes.push({ at: new Date(t).toISOString(), deliveries: counts.get(t) ?? 0 });
  }
  const sum = (rows: LiveMinute[]) => rows.reduce((n, m) => n + m.deliveries, 0);
  return { minutes, lastHour: sum(minutes), lastFiveMinutes: sum(minutes.slice(-5)), pending: pending.length };
}
