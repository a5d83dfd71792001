import { LoginForm } from '../features/auth/login-form';
import { SessionProvider, useSession } from '../features/auth/session';
import { RealtimeProvider } from '../lib/realtime';
import { Hub } from './hub';

function Gate() {
  const { state, recheck } = useSession();
  switch (state.status) {
    case 'checking':
      return (
        <main className="splash" role="status">
          <span className="spinner" aria-hidden="true" /> Checking your session…
        </main>
      );
    case 'anonymous':
      return <LoginForm notice={state.reason} />;
    case 'unreachable':
      return (
        <main className="splash" role="alert">
          <p>The API could not be reached: {state.message}</p>
          <button type="button" onClick={recheck}>
            Try again
          </button>
        </main>
      );
    case 'signed-in':
      // The socket is opened only once signed in: it authenticates with the session cookie.
      return (
        <RealtimeProvider>
          <Hub user={state.user} />
        </RealtimeProvider>
      );
  }
}

/** Root component: session gate, then the hub. */
export function App() {
  return (
    <SessionProvider>
      <Gate />
    </SessionProvider>
  );
}
