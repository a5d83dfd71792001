import { createServer } from 'node:net';

/** True if nothing listens on 127.0.0.1:`port` (we could bind it ourselves). */
export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

/** Fails fast, naming the setting to change, if any of the ports is taken. */
export async function assertPortsFree(ports: { port: number; setting: string; what: string }[]): Promise<void> {
  const taken: string[] = [];
  for (const p of ports) {
    if (!(await portIsFree(p.port)))
      taken.push(`port ${p.port} (${p.what}) is in use: stop what holds it or set ${p.setting}`);
  }
  if (taken.length) throw new Error(taken.join('\n'));
}

/** Polls `url` until it answers 200 or `timeoutMs` passes (or `abort` settles). */
export async function waitForHttpOk(url: string, timeoutMs: number, abort?: Promise<unknown>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let aborted = false;
  void abort?.then(() => (aborted = true));
  let last = 'no answer';
  while (Date.now() < deadline && !aborted) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not become ready (${aborted ? 'its process exited' : last})`);
}
