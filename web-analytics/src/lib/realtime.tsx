import type { ClientToServerEvents, ServerToClientEvents } from '@hro/domain';
import { createContext, useContext, useEffect, useEffectEvent, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import { env } from '../config/env';

type HubSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectionState = 'connecting' | 'live' | 'offline';

interface RealtimeValue {
  /** Set once connected: the server sends nothing before, so nobody misses an event. */
  socket: HubSocket | null;
  state: ConnectionState;
  /** Increments on every (re)connect, so views refetch what they may have missed. */
  connects: number;
  /** When the latest connect happened (ms since epoch; 0 before the first). */
  connectedAt: number;
}

const INITIAL: RealtimeValue = { socket: null, state: 'connecting', connects: 0, connectedAt: 0 };
const RealtimeContext = createContext<RealtimeValue>({ ...INITIAL, state: 'offline' });

/** One Socket.IO connection for the signed-in user (the hro_session cookie authenticates it). */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const [value, setValue] = useState<RealtimeValue>(INITIAL);
  useEffect(() => {
    const socket: HubSocket = io(env.VITE_API_BASE || undefined, {
      path: '/socket.io',
      withCredentials: true,
      transports: ['websocket', 'polling'],
    });
    socket.on('connect', () =>
      setValue((v) => ({ socket, state: 'live', connects: v.connects + 1, connectedAt: Date.now() })),
    );
    socket.on('disconnect', () => setValue((v) => ({ ...v, state: 'offline' })));
    socket.on('connect_error', () => setValue((v) => ({ ...v, state: 'offline' })));
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, []);
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

/** Connection state, reconnect counter and the time of the latest connect. */
export function useRealtimeStatus(): Omit<RealtimeValue, 'socket'> {
  const { state, connects, connectedAt } = useContext(RealtimeContext);
  return { state, connects, connectedAt };
}

/** Subscribes to one server event for the component's lifetime; the latest handler is always used. */
export function useRealtimeEvent<E extends keyof ServerToClientEvents>(
  event: E,
  handler: (...args: Parameters<ServerToClientEvents[E]>) => void,
): void {
  const { socket } = useContext(RealtimeContext);
  const onEvent = useEffectEvent(handler);
  useEffect(() => {
    if (!socket) return;
    const listener = ((...args: Parameters<ServerToClientEvents[E]>) => onEvent(...args)) as never;
    socket.on(event, listener);
    return () => {
      socket.off(event, listener);
    };
  }, [socket, event]);
}
