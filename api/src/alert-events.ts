import type { AlertChangedEvent } from '@hro/domain';

/**
 * In-process hook for `alert.changed`: ingest and the router emit, the realtime module
 * subscribes (it owns Socket.IO). Listener errors are swallowed so they never fail ingest.
 */
export interface AlertEvents {
  emit(events: AlertChangedEvent[]): void;
  /** Returns an unsubscribe function. */
  subscribe(listener: (events: AlertChangedEvent[]) => void): () => void;
}

/** A tiny synchronous fan-out for alert change events. */
export function createAlertEvents(onListenerError?: (err: unknown) => void): AlertEvents {
  const listeners = new Set<(events: AlertChangedEvent[]) => void>();
  return {
    emit(events) {
      if (events.length === 0) return;
      for (const l of listeners) {
        try {
          l(events);
        } catch (err) {
          onListenerError?.(err);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
