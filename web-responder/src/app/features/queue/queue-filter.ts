import type { SituationState, SituationSummary } from '@hro/domain';
import { severityRank } from '../../components/labels';

export type StateFilter = 'active' | 'all' | SituationState;
export type QueueSort = 'urgency' | 'newest' | 'oldest' | 'deadline' | 'alerts';

export interface QueueFilter {
  state: StateFilter;
  severity: string;
  service: string;
  environment: string;
  q: string;
  sort: QueueSort;
}

export const DEFAULT_FILTER: QueueFilter = {
  state: 'active',
  severity: '',
  service: '',
  environment: '',
  q: '',
  sort: 'urgency',
};

/**
 * Client-side twin of the server filter: live events must be placed (or not) in the
 * list without a refetch, so the same rules apply to every held situation.
 */
export function matchesFilter(s: SituationSummary, f: QueueFilter, serverMatched = false): boolean {
  // Active = not finished: a rejected situation stays in manual handling until closed.
  if (f.state === 'active' && s.closed) return false;
  if (f.state !== 'active' && f.state !== 'all' && s.state !== f.state) return false;
  if (f.severity && s.severity !== f.severity) return false;
  if (f.service && s.service !== f.service) return false;
  if (f.environment && s.environment !== f.environment) return false;
  const q = f.q.trim().toLowerCase();
  // The server also searches alert names, which a summary lacks: trust its verdict.
  if (q && !serverMatched) {
    const hay = [s.id, s.title, s.service ?? '', s.environment ?? '', s.runbookId ?? ''].join(' ').toLowerCase();
    if (!hay.includes(q)) return false;
  }
  return true;
}

function deadline(s: SituationSummary): number {
  if (s.state !== 'awaiting_approval') return Number.POSITIVE_INFINITY;
  const at = s.escalated ? s.expiresAt : s.escalatesAt;
  return at ? Date.parse(at) : Number.POSITIVE_INFINITY;
}

const byNewest = (a: SituationSummary, b: SituationSummary): number => b.createdAt.localeCompare(a.createdAt);

/** Orders the queue; "urgency" puts decisions first, then severity, then the newest. */
export function sortQueue(items: SituationSummary[], sort: QueueSort): SituationSummary[] {
  const copy = [...items];
  switch (sort) {
    case 'newest':
      return copy.sort(byNewest);
    case 'oldest':
      return copy.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    case 'alerts':
      return copy.sort((a, b) => b.alertCount - a.alertCount || byNewest(a, b));
    case 'deadline':
      return copy.sort((a, b) => deadline(a) - deadline(b) || byNewest(a, b));
    case 'urgency':
      return copy.sort(
        (a, b) =>
          Number(b.state === 'awaiting_approval') - Number(a.state === 'awaiting_approval') ||
          Number(b.escalated) - Number(a.escalated) ||
          severityRank(a.severity) - severityRank(b.severity) ||
          byNewest(a, b),
      );
  }
}

/** The server query for a filter; sorting stays client-side so live rows slot in. */
export function toServerQuery(f: QueueFilter): Record<string, string | number> {
  return {
    ...(f.state === 'active' ? { closed: 'false' } : f.state !== 'all' ? { state: f.state } : {}),
    ...(f.severity ? { severity: f.severity } : {}),
    ...(f.service ? { service: f.service } : {}),
    ...(f.environment ? { environment: f.environment } : {}),
    ...(f.q.trim() ? { q: f.q.trim() } : {}),
    sort: 'updatedAt',
    order: 'desc',
    limit: 200,
  };
}
