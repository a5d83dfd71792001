import type { ReactNode } from 'react';
import { env } from '../config/env';

/** Link to a situation in the command center. */
export function SituationLink({ id, children }: { id: string; children?: ReactNode }) {
  return (
    <a className="situation-link" href={`${env.VITE_RESPONDER_BASE}/situations/${encodeURIComponent(id)}`}>
      {children ?? id}
    </a>
  );
}
