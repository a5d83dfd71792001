import type { ReactNode } from 'react';

/** One headline number with its label and an optional explanation underneath. */
export function Kpi({
  label,
  value,
  hint,
  tone,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  tone?: 'good' | 'bad';
}) {
  return (
    <div className={`kpi ${tone ? `kpi-${tone}` : ''}`}>
      <dt>{label}</dt>
      <dd>
        <span className="kpi-value">{value}</span>
        {hint && <span className="kpi-hint">{hint}</span>}
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
