import { Injectable, signal } from '@angular/core';
import type {
  AlertChangedEvent,
  ClientToServerEvents,
  ExecutionChangedEvent,
  ServerToClientEvents,
  SituationChangedEvent,
} from '@hro/domain';
import { Subject } from 'rxjs';
import { io, type Socket } from 'socket.io-client';

export type ConnectionState = 'offline' | 'connecting' | 'live' | 'reconnecting';

/**
 * The Socket.IO connection, authenticated by the session cookie. Views subscribe to the
 * event streams and refetch on `connected$` (every connect, including reconnects), since
 * events sent while disconnected are lost.
 */
@Injectable({ providedIn: 'root' })
export class RealtimeService {
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  private readonly stateSignal = signal<ConnectionState>('offline');

  readonly state = this.stateSignal.asReadonly();
  readonly situationChanged$ = new Subject<SituationChangedEvent>();
  readonly executionChanged$ = new Subject<ExecutionChangedEvent>();
  readonly alertChanged$ = new Subject<AlertChangedEvent>();
  /** Emits after every successful (re)connect: time to refetch. */
  readonly connected$ = new Subject<void>();

  /** Opens the socket once signed in; idempotent. */
  connect(): void {
    if (this.socket) return;
    this.stateSignal.set('connecting');
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
      path: '/socket.io',
      withCredentials: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    });
    socket.on('connect', () => {
      this.stateSignal.set('live');
      this.connected$.next();
    });
    socket.on('disconnect', (reason) => {
      this.stateSignal.set('reconnecting');
      // The client retries transport failures itself, but not a server-side disconnect.
      if (reason === 'io server disconnect') this.retryLater(socket);
    });
    socket.on('connect_error', () => {
      this.stateSignal.set('reconnecting');
      // A refused handshake (e.g. an expired session) is not retried automatically.
      if (!socket.active) this.retryLater(socket);
    });
    socket.on('situation.changed', (e) => this.situationChanged$.next(e));
    socket.on('execution.changed', (e) => this.executionChanged$.next(e));
    socket.on('alert.changed', (e) => this.alertChanged$.next(e));
    this.socket = socket;
  }

  private retryLater(socket: Socket<ServerToClientEvents, ClientToServerEvents>): void {
    setTimeout(() => {
      if (this.socket === socket && !socket.connected) socket.connect();
    }, 3000);
  }

  /** Closes the socket on logout. */
  disconnect(): void {
    this.socket?.disconnect();
    this.socket = null;
    this.stateSignal.set('offline');
  }
}
