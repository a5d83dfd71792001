import type { Role } from '@hro/domain';
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, apiGet, apiRequest, onUnauthorized } from '../../lib/api-client';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

type SessionState =
  | { status: 'checking' }
  | { status: 'anonymous'; reason?: string }
  | { status: 'signed-in'; user: SessionUser }
  | { status: 'unreachable'; message: string };

interface SessionValue {
  state: SessionState;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
  recheck(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

/**
 * The same session as the command center: `POST /auth/login` sets the httpOnly
 * `hro_session` cookie, `GET /auth/me` tells who we are. Any 401 anywhere signs us out.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'checking' });
  const [check, setCheck] = useState(0);

  useEffect(() => {
    let live = true;
    apiGet<{ user: SessionUser }>('/auth/me').then(
      (r) => live && setState({ status: 'signed-in', user: r.user }),
      (err: unknown) => {
        if (!live) return;
        if (err instanceof ApiError && err.status === 401) setState({ status: 'anonymous' });
        else setState({ status: 'unreachable', message: (err as Error).message });
      },
    );
    return () => {
      live = false;
    };
  }, [check]);

  useEffect(
    () =>
      onUnauthorized(() =>
        setState((s) =>
          s.status === 'signed-in' ? { status: 'anonymous', reason: 'Your session ended; please sign in again.' } : s,
        ),
      ),
    [],
  );

  const login = useCallback(async (email: string, password: string) => {
    const r = await apiRequest<{ user: SessionUser }>('POST', '/auth/login', { body: { email, password } });
    setState({ status: 'signed-in', user: r.user });
  }, []);
  const logout = useCallback(async () => {
    await apiRequest<void>('POST', '/auth/logout').catch(() => undefined);
    setState({ status: 'anonymous' });
  }, []);
  const recheck = useCallback(() => setCheck((n) => n + 1), []);

  return <SessionContext.Provider value={{ state, login, logout, recheck }}>{children}</SessionContext.Provider>;
}

/** The current session and the login/logout actions. */
export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
