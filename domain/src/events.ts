import type { ExecutionStepView, SituationSummary } from './api';
import type { AlertStatus } from './alert';
import type { Severity } from './severity';

/** Socket.IO events, server → client. Shared by the API, the workers and both UIs. */
export interface ServerToClientEvents {
  'alert.changed': (e: AlertChangedEvent) => void;
  'situation.changed': (e: SituationChangedEvent) => void;
  'execution.changed': (e: ExecutionChangedEvent) => void;
}
export type ClientToServerEvents = Record<string, never>;

export interface AlertChangedEvent {
  alertId: string;
  situationId: string | null;
  fingerprint: string;
  source: string;
  name: string;
  service: string | null;
  status: AlertStatus;
  severity: Severity;
  /** True when this delivery was a duplicate of a firing alert (counts, not new). */
  duplicate: boolean;
  at: string;
}

export interface SituationChangedEvent {
  situation: SituationSummary;
  /** Same as situation.version; clients ignore events with a version they have passed. */
  version: number;
}

export interface ExecutionChangedEvent {
  situationId: string;
  version: number;
  step: ExecutionStepView;
}

/** Socket.IO room every authenticated client joins. */
export const ROOM_ALL = 'all';
