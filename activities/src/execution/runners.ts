import { spawn } from 'node:child_process';
import type { StepAction } from '@hro/domain';
import { allowedExecutable, allowedUrl } from './allowlist';
import { configError, stepFailed } from './errors';
import { BoundedOutput } from './output';

/** What a runner needs besides the action: policy, limits and the attempt's context. */
export interface RunContext {
  idempotencyKey: string;
  timeoutMs: number;
  outputLimit: number;
  commandAllowlist: string[];
  httpAllowlist: string[];
  /** PATH given to commands; nothing else of the worker's environment leaks into them. */
  commandPath: string;
  /** Aborted when Temporal cancels the activity. */
  signal?: AbortSignal;
}

function abortSignal(ctx: RunContext): AbortSignal {
  const timeout = AbortSignal.timeout(ctx.timeoutMs);
  return ctx.signal ? AbortSignal.any([timeout, ctx.signal]) : timeout;
}

async function request(url: URL, init: RequestInit, ctx: RunContext): Promise<{ status: number; body: string }> {
  try {
    const res = await fetch(url, { ...init, redirect: 'manual', signal: abortSignal(ctx) });
    const out = new BoundedOutput(ctx.outputLimit);
    out.push(Buffer.from(await res.arrayBuffer()));
    return { status: res.status, body: out.toString() };
  } catch (err) {
    const e = err as Error;
    if (e.name === 'TimeoutError') throw stepFailed(`timed out after ${ctx.timeoutMs} ms`);
    throw stepFailed(`request failed: ${e.message}`);
  }
}

/** Runs an `http` step: allow-listed host, Idempotency-Key header, expected status. */
async function runHttp(action: Extract<StepAction, { kind: 'http' }>, ctx: RunContext): Promise<string> {
  const url = allowedUrl(action.url, ctx.httpAllowlist);
  const headers: Record<string, string> = { ...action.headers, 'Idempotency-Key': ctx.idempotencyKey };
  let body: string | undefined;
  if (action.body !== undefined) {
    body = typeof action.body === 'string' ? action.body : JSON.stringify(action.body);
    if (typeof action.body !== 'string') headers['Content-Type'] ??= 'application/json';
  }
  const res = await request(url, { method: action.method, headers, body }, ctx);
  const summary = `${action.method} ${url.href} -> ${res.status}\n${res.body}`;
  if (!action.expectStatus.includes(res.status)) {
    throw stepFailed(`unexpected status ${res.status} (expected ${action.expectStatus.join('/')}): ${res.body}`);
  }
  return summary;
}

/** Runs a `check` step: GET, expected status and optional body substring. */
async function runCheck(action: Extract<StepAction, { kind: 'check' }>, ctx: RunContext): Promise<string> {
  const url = allowedUrl(action.url, ctx.httpAllowlist);
  const res = await request(url, { method: 'GET', headers: { 'Idempotency-Key': ctx.idempotencyKey } }, ctx);
  if (!action.expectStatus.includes(res.status)) {
    throw stepFailed(`check got status ${res.status} (expected ${action.expectStatus.join('/')})`);
  }
  if (action.expectBody !== undefined && !res.body.includes(action.expectBody)) {
    throw stepFailed(`check body does not contain "${action.expectBody}"`);
  }
  return `GET ${url.href} -> ${res.status}\n${res.body}`;
}

/**
 * Runs a `command` step: argv only (no shell, so `$(...)` stays a literal argument), an
 * allow-listed executable, a scrubbed environment, a timeout and truncated output.
 */
function runCommand(action: Extract<StepAction, { kind: 'command' }>, ctx: RunContext): Promise<string> {
  const exe = allowedExecutable(action.argv, ctx.commandAllowlist);
  return new Promise((resolve, reject) => {
    const child = spawn(exe, action.argv.slice(1), {
      shell: false,
      env: { PATH: ctx.commandPath, HRO_IDEMPOTENCY_KEY: ctx.idempotencyKey },
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: ctx.signal,
      timeout: ctx.timeoutMs,
      killSignal: 'SIGKILL',
    });
    const out = new BoundedOutput(ctx.outputLimit);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => out.push(c));
    let spawnError: Error | null = null;
    child.on('error', (err) => (spawnError = err));
    child.on('close', (code, sig) => {
      const text = out.toString();
      const failure = spawnError as NodeJS.ErrnoException | null;
      if (failure?.code === 'ENOENT') return reject(configError(`executable not found: ${exe}`));
      if (sig === 'SIGKILL' || failure?.name === 'AbortError') {
        return reject(stepFailed(`killed after ${ctx.timeoutMs} ms timeout or cancellation\n${text}`));
      }
      if (failure) return reject(stepFailed(`could not run ${exe}: ${failure.message}`));
      if (code !== 0) return reject(stepFailed(`exit code ${code}\n${text}`));
      resolve(text);
    });
  });
}

/** Runs one rendered step action and returns its (truncated) output, or throws a failure. */
export function runAction(action: StepAction, ctx: RunContext): Promise<string> {
  switch (action.kind) {
    case 'http':
      return runHttp(action, ctx);
    case 'check':
      return runCheck(action, ctx);
    case 'command':
      return runCommand(action, ctx);
  }
}
