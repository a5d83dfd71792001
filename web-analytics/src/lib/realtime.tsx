import type { ClientToServerEvents, ServerToClientEvents } from '@hro/domain';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import { env } from '../config/env';

type HubSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectionState = 'connecting' | 'live' | 'offline';

interface RealtimeValue {
  socket: HubSocket | null;
  state: ConnectionState;
  /** Increments on every (re)connect, so views refetch what they may have missed. */
  connects: number;
}

const RealtimeContext = createContext<RealtimeValue>({ socket: null, state: 'offline', connects: 0 });

/** One Socket.IO connection for the signed-in user (the hro_session cookie authenticates it). */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const [value, setValue] = useState<RealtimeValue>({ socket: null, state: 'connecting', connects: 0 });
  useEffect(() => {
    const socket: HubSocket = io(env.VITE_API_BASE || undefined, {
      path: '/socket.io',
      withCredentials: true,
      transports: ['websocket', 'polling'],
    });
    setValue({ socket, state: 'connecting', connects: 0 });
    socket.on('connect', () => setValue((v) => ({ socket, state: 'live', connects: v.connects + 1 })));
    socket.on('disconnect', () => setValue((v) => ({ ...v, state: 'offline' })));
    socket.on('connect_error', () => setValue((v) => ({ ...v, state: 'offline' })));
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, []);
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

/** Connection state and reconnect counter. */
export function useRealtimeStatus(): { state: ConnectionState; connects: number } {
  const { state, connects } = useContext(RealtimeContext);
  return { state, connects };
}

/** Subscribes to one server event for the component's lifetime; the latest handler is always used. */
export function useRealtimeEvent<E extends keyof ServerToClientEvents>(
  event: E,
  handler: (...args: Parameters<ServerToClientEvents[E]>) => void,
): void {
  const { socket } = useContext(RealtimeContext);
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!socket) return;
    const listener = ((...args: Parameters<ServerToClientEvents[E]>) => ref.current(...args)) as never;
    socket.on(event, listener);
    return () => {
      socket.off(event, listener);
    };
  }, [socket, event]);
}
