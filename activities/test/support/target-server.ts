import { createServer, type Server } from 'node:http';
import { freePort } from '../../../test/support/temporal-server';

/** One request the target received. */
export interface TargetCall {
  method: string;
  path: string;
  idempotencyKey: string | null;
  body: string;
}

/** A real local HTTP service that runbook steps act on, recording what happened. */
export interface TargetServer {
  port: number;
  hostPort: string;
  url(path: string): string;
  calls: TargetCall[];
  /** Effects applied per Idempotency-Key (a repeated key is answered but not re-applied). */
  applied: Map<string, number>;
  close(): Promise<void>;
}

/**
 * Routes: `/fail/*` answers 500, `/slow/<ms>/*` answers after a delay, `/status/<code>`
 * answers that code, anything else 200. POSTs apply an effect once per Idempotency-Key.
 */
export async function startTargetServer(): Promise<TargetServer> {
  const port = await freePort();
  const calls: TargetCall[] = [];
  const applied = new Map<string, number>();
  // Keys whose effect has started: a retry with the same key never applies it again.
  const started = new Set<string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
      calls.push({ method: req.method ?? 'GET', path, idempotencyKey: key, body: Buffer.concat(chunks).toString() });
      const slow = /^\/slow\/(\d+)\//.exec(path);
      const status = /^\/status\/(\d+)/.exec(path);
      const code = path.startsWith('/fail') ? 500 : status ? Number(status[1]) : 200;
      const reply = (text: string): void => void res.writeHead(code, { 'content-type': 'text/plain' }).end(text);
      const mutating = req.method !== 'GET' && key !== null && code < 300;
      if (mutating && started.has(key)) return void res.writeHead(200).end('already applied');
      if (mutating) started.add(key);
      const apply = (): void => {
        if (mutating) applied.set(key, (applied.get(key) ?? 0) + 1);
        reply(code === 500 ? 'boom' : `${code} ${path}`);
      };
      if (slow) setTimeout(apply, Number(slow[1]));
      else apply();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    hostPort: `127.0.0.1:${port}`,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    calls,
    applied,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
