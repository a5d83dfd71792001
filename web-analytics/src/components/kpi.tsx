import type { ReactNode } from 'react';
import { NONE } from '../lib/format';

/**
 * One headline number with its label and an optional explanation underneath. With
 * `emptyReason` there is nothing to measure: it shows "—" and says why instead of the hint.
 */
export function Kpi({
  label,
  value,
  hint,
  tone,
  emptyReason,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  tone?: 'good' | 'bad';
  emptyReason?: string;
}) {
  const empty = emptyReason !== undefined;
  const note = empty ? emptyReason : hint;
  return (
    <div className={`kpi ${empty ? 'kpi-empty' : tone ? `kpi-${tone}` : ''}`}>
      <dt>{label}</dt>
      <dd>
        <span className="kpi-value">{empty ? NONE : value}</span>
        {note && <span className="kpi-hint">{note}</span>}
      </dd>
    </div>
  );
}

/** A row of KPIs as a description list (label → value pairs for screen readers). */
export function KpiGrid({ children, label }: { children: ReactNode; label: string }) {
  return (
    <dl className="kpi-grid" aria-label={label}>
      {children}
    </dl>
  );
}
