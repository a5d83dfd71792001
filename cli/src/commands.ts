import { parseArgs } from 'node:util';
import {
  SITUATION_STATES,
  type DecisionRequest,
  type DecisionResult,
  type Page,
  type Runbook,
  type SituationDetail,
  type SituationSummary,
} from '@hro/domain';
import { ApiClient, ApiError } from './api-client';
import type { CliConfig } from './config';
import { renderRunbooks, renderSituation, renderSituations } from './render';
import { readSession, saveSession } from './session-store';

/** Exit codes: scripts can tell a refusal from a missing login from a typo. */
export const EXIT = { ok: 0, failed: 1, usage: 2, auth: 3, refused: 4 } as const;

export const USAGE = `usage: npm run cli -- <command>
  login --email <email> [--password <pw>]   (or HRO_PASSWORD, or a line on stdin)
  situations [--state <state>] [--limit n]
  show <id>
  approve <id> [--reason text] [--plan-hash h]   (default: the plan currently shown)
  reject <id> --reason text
  runbooks
env: HRO_URL (default http://localhost:3000), HRO_TOKEN (instead of login)`;

/** What a command needs from the outside world (injected so tests use a real server). */
export interface CliIo {
  config: CliConfig;
  out: (line: string) => void;
  err: (line: string) => void;
  readLine: () => Promise<string>;
}

class UsageError extends Error {}

function client(io: CliIo): ApiClient {
  const stored = readSession(io.config.sessionFile);
  const token = io.config.token ?? stored?.token;
  // A stored login belongs to the server it was made against.
  const url = io.config.token || !stored ? io.config.url : stored.url;
  if (!token) throw new ApiError(401, null, 'not logged in: run `npm run cli -- login --email <email>`');
  return new ApiClient(url, token);
}

function oneId(positionals: string[]): string {
  const [id, extra] = positionals;
  if (!id || extra !== undefined) throw new UsageError('expected exactly one situation id');
  return id;
}

async function login(io: CliIo, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, password: { type: 'string' } } });
  if (!values.email) throw new UsageError('login needs --email');
  const password = values.password ?? io.config.password ?? (await io.readLine());
  const api = new ApiClient(io.config.url, undefined);
  const res = await api.request<{ token: string; expiresAt: string; user: { email: string; role: string } }>(
    'POST',
    '/auth/login',
    { email: values.email, password },
  );
  saveSession(io.config.sessionFile, {
    url: io.config.url,
    token: res.token,
    email: res.user.email,
    expiresAt: res.expiresAt,
  });
  io.out(`Logged in to ${io.config.url} as ${res.user.email} (${res.user.role}) until ${res.expiresAt}.`);
}

async function situations(io: CliIo, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { state: { type: 'string' }, limit: { type: 'string' } } });
  const q = new URLSearchParams();
  if (values.state) {
    for (const s of values.state.split(',')) {
      if (!(SITUATION_STATES as readonly string[]).includes(s)) {
        throw new UsageError(`unknown state ${s} (one of ${SITUATION_STATES.join(', ')})`);
      }
      q.append('state', s);
    }
  }
  if (values.limit) q.set('limit', values.limit);
  const page = await client(io).request<Page<SituationSummary>>('GET', `/situations${q.size ? `?${q}` : ''}`);
  io.out(renderSituations(page));
}

async function decide(io: CliIo, decision: 'approve' | 'reject', args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { reason: { type: 'string' }, 'plan-hash': { type: 'string' } },
  });
  const id = oneId(positionals);
  if (decision === 'reject' && !values.reason) throw new UsageError('reject needs --reason');
  const api = client(io);
  let planHash = values['plan-hash'];
  if (!planHash) {
    // Approve exactly what `show` displays now; the workflow refuses it if it changed since.
    const detail = await api.request<SituationDetail>('GET', `/situations/${encodeURIComponent(id)}`);
    if (!detail.plan) throw new UsageError(`${id} has no plan to ${decision} (state ${detail.state})`);
    planHash = detail.plan.hash;
  }
  const body: DecisionRequest = { decision, planHash, reason: values.reason ?? '' };
  const result = await api.request<DecisionResult>('POST', `/situations/${encodeURIComponent(id)}/${decision}`, body);
  const more = result.approvalsRemaining > 0 ? `; ${result.approvalsRemaining} more approval(s) needed` : '';
  io.out(
    `${decision === 'approve' ? 'Approved' : 'Rejected'} ${id} (plan ${planHash.slice(0, 12)}…): now ${result.state}${more}.`,
  );
}

/** Runs one CLI invocation and returns its exit code; errors are printed, never thrown. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [cmd, ...args] = argv;
  try {
    switch (cmd) {
      case 'login':
        await login(io, args);
        break;
      case 'situations':
        await situations(io, args);
        break;
      case 'show': {
        const id = oneId(parseArgs({ args, allowPositionals: true, options: {} }).positionals);
        io.out(
          renderSituation(await client(io).request<SituationDetail>('GET', `/situations/${encodeURIComponent(id)}`)),
        );
        break;
      }
      case 'approve':
      case 'reject':
        await decide(io, cmd, args);
        break;
      case 'runbooks': {
        const res = await client(io).request<{ items: Runbook[] } | Runbook[]>('GET', '/runbooks');
        io.out(renderRunbooks(Array.isArray(res) ? res : res.items));
        break;
      }
      case undefined:
      case 'help':
      case '--help':
        io.out(USAGE);
        return cmd === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`unknown command ${cmd}`);
    }
    return EXIT.ok;
  } catch (e) {
    // parseArgs throws Node errors coded ERR_PARSE_ARGS_* (checked by code: realms differ under test runners).
    const code = (e as { code?: unknown } | null)?.code;
    if (e instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      io.err(`${(e as Error).message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    if (e instanceof ApiError) {
      io.err(e.message);
      if (e.status === 401 || e.status === 403) return EXIT.auth;
      if (e.status === 409) return EXIT.refused;
      return EXIT.failed;
    }
    io.err(
      `cannot reach ${io.config.url}: ${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`,
    );
    return EXIT.failed;
  }
}
