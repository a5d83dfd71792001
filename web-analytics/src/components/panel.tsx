import { useId, type ReactNode } from 'react';
import type { ApiError } from '../lib/api-client';

interface PanelProps {
  title: string;
  /** One sentence saying what the panel measures (shown, and used as the accessible description). */
  description?: string;
  loading: boolean;
  error?: ApiError;
  /** True when there is data but nothing to show for this range. */
  empty?: boolean;
  emptyText?: string;
  hasData: boolean;
  onRetry?: () => void;
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
}

/** A titled dashboard section that owns the loading, empty and error states of its content. */
export function Panel(p: PanelProps) {
  const titleId = useId();
  const descId = useId();
  let body: ReactNode;
  if (!p.hasData && p.loading) {
    body = (
      <div className="state state-loading" role="status">
        <span className="spinner" aria-hidden="true" /> Loading…
      </div>
    );
  } else if (!p.hasData && p.error) {
    body = (
      <div className="state state-error" role="alert">
        <p>Could not load this: {p.error.message}</p>
        {p.onRetry && (
          <button type="button" onClick={p.onRetry}>
            Try again
          </button>
        )}
      </div>
    );
  } else if (p.empty) {
    body = <p className="state state-empty">{p.emptyText ?? 'Nothing in this range.'}</p>;
  } else {
    body = p.children;
  }
  return (
    <section
      className={`panel ${p.className ?? ''}`}
      aria-labelledby={titleId}
      aria-describedby={p.description ? descId : undefined}
      aria-busy={p.loading}
    >
      <header className="panel-head">
        <h3 id={titleId}>{p.title}</h3>
        {p.actions}
      </header>
      {p.description && (
        <p id={descId} className="panel-desc">
          {p.description}
        </p>
      )}
      {p.hasData && p.error && (
        <p className="stale-note" role="status">
          Showing earlier data: {p.error.message}
        </p>
      )}
      {body}
    </section>
  );
}
