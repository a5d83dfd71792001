import { useCallback, useEffect, useState } from 'react';

/** Rolling presets (relative to now at each refresh) or a fixed custom range. */
export const PRESETS = {
  '1h': { label: 'Last hour', ms: 3_600_000 },
  '6h': { label: 'Last 6 hours', ms: 6 * 3_600_000 },
  '24h': { label: 'Last 24 hours', ms: 24 * 3_600_000 },
  '7d': { label: 'Last 7 days', ms: 7 * 86_400_000 },
  '30d': { label: 'Last 30 days', ms: 30 * 86_400_000 },
} as const;
export type Preset = keyof typeof PRESETS;

export interface Filters {
  range: Preset | 'custom';
  /** ISO instants, only for `custom`. */
  from?: string;
  to?: string;
  environment?: string;
  service?: string;
}

/** A week by default: long enough that a quiet day (or the demo's history) is not an empty hub. */
export const DEFAULT_RANGE: Preset = '7d';
export const DEFAULT_FILTERS: Filters = { range: DEFAULT_RANGE };

/** The API query for the filters at `now` (presets roll with time). */
export function filtersToParams(f: Filters, now: Date): Record<string, string | undefined> {
  const base = { environment: f.environment, service: f.service };
  if (f.range === 'custom') return { ...base, from: f.from, to: f.to };
  return { ...base, from: new Date(now.getTime() - PRESETS[f.range].ms).toISOString(), to: now.toISOString() };
}

/** Reads filters from a URL query string, ignoring anything malformed. */
export function parseFilters(search: string): Filters {
  const q = new URLSearchParams(search);
  const range = q.get('range');
  const valid = (v: string | null) => (v && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : undefined);
  const f: Filters = {
    range: range && (range in PRESETS || range === 'custom') ? (range as Filters['range']) : DEFAULT_RANGE,
  };
  if (f.range === 'custom') {
    f.from = valid(q.get('from'));
    f.to = valid(q.get('to'));
    if (!f.from || !f.to || f.from >= f.to) return { range: DEFAULT_RANGE };
  }
  const environment = q.get('environment');
  const service = q.get('service');
  if (environment) f.environment = environment;
  if (service) f.service = service;
  return f;
}

/** Writes filters to a URL query string (defaults omitted), so views can be shared. */
export function serializeFilters(f: Filters): string {
  const q = new URLSearchParams();
  if (f.range !== DEFAULT_RANGE) q.set('range', f.range);
  if (f.range === 'custom' && f.from && f.to) {
    q.set('from', f.from);
    q.set('to', f.to);
  }
  if (f.environment) q.set('environment', f.environment);
  if (f.service) q.set('service', f.service);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Filter state kept in the address bar (back/forward works, links are shareable). */
export function useFilters(): [Filters, (f: Filters) => void] {
  const [filters, setFilters] = useState<Filters>(() => parseFilters(window.location.search));
  useEffect(() => {
    const onPop = () => setFilters(parseFilters(window.location.search));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const update = useCallback((f: Filters) => {
    setFilters(f);
    window.history.pushState(null, '', `${window.location.pathname}${serializeFilters(f)}`);
  }, []);
  return [filters, update];
}
