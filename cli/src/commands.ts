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
import { ApiClient, ApiError, UnreachableError } from './api-client';
import { DEFAULT_URL, normalizeUrl, type CliConfig } from './config';
import { renderPlan, renderRunbooks, renderSituation, renderSituations } from './render';
import { readSession, saveSession } from './session-store';

/** Exit codes: scripts can tell a refusal from a missing login from a typo. */
export const EXIT = { ok: 0, failed: 1, usage: 2, auth: 3, refused: 4 } as const;

export const USAGE = `usage: npm run cli -- <command>
  login --email <email> [--password <pw>]   (or HRO_PASSWORD, or a line on stdin)
  situations [--state <state>] [--limit n]
  show <id>
  approve <id> [--reason text] [--plan-hash h]   (no hash: shows the plan and asks y/N; needs a terminal)
  reject <id> --reason text [--plan-hash h]
  runbooks
env: HRO_URL (the server; default: the one you logged in to, else ${DEFAULT_URL}),
     HRO_TOKEN (a session token instead of login), HRO_PASSWORD (for login)`;

/** What a command needs from the outside world (injected so tests use a real server). */
export interface CliIo {
  config: CliConfig;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Reads the password for `login` (not echoed on a terminal). */
  readLine: () => Promise<string>;
  /** True when a person can answer questions (stdin and stderr are a terminal). */
  interactive: boolean;
  /** Shows `prompt` to the person and returns the line they typed ('' on end of input). */
  ask: (prompt: string) => Promise<string>;
}

class UsageError extends Error {}
class NotLoggedInError extends Error {}

function sameServer(a: string, b: string): boolean {
  try {
    return normalizeUrl(a) === normalizeUrl(b);
  } catch {
    return false; // a corrupt stored URL matches nothing
  }
}

/**
 * The client for the chosen server: HRO_URL if set, else the stored login's server. A
 * stored session token is only ever sent to the server that issued it.
 */
function client(io: CliIo): ApiClient {
  if (io.config.token) return new ApiClient(io.config.url ?? DEFAULT_URL, io.config.token);
  const stored = readSession(io.config.sessionFile);
  const url = io.config.url ?? stored?.url ?? DEFAULT_URL;
  if (!stored || !sameServer(stored.url, url)) {
    const other = stored ? ` (the stored login is for ${stored.url})` : '';
    throw new NotLoggedInError(
      `not logged in to ${url}${other}; run login: HRO_URL=${url} npm run cli -- login --email <email>`,
    );
  }
  return new ApiClient(url, stored.token);
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
  const url = io.config.url ?? DEFAULT_URL;
  const api = new ApiClient(url, undefined);
  const res = await api.request<{ token: string; expiresAt: string; user: { email: string; role: string } }>(
    'POST',
    '/auth/login',
    { email: values.email, password },
  );
  saveSession(io.config.sessionFile, {
    url,
    token: res.token,
    email: res.user.email,
    expiresAt: res.expiresAt,
  });
  io.out(`Logged in to ${url} as ${res.user.email} (${res.user.role}) until ${res.expiresAt}.`);
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

/** The current plan's hash once the person has seen that plan and said yes; null if they did not. */
async function confirmCurrentPlan(io: CliIo, api: ApiClient, id: string): Promise<string | null> {
  const detail = await api.request<SituationDetail>('GET', `/situations/${encodeURIComponent(id)}`);
  if (!detail.plan) throw new UsageError(`${id} has no plan to approve (state ${detail.state})`);
  const answer = await io.ask(
    `${detail.id}  ${detail.title} (state ${detail.state})\n${renderPlan(detail.plan)}\n` +
      `Approve this plan (hash ${detail.plan.hash.slice(0, 12)}…)? [y/N] `,
  );
  return /^\s*y(es)?\s*$/i.test(answer) ? detail.plan.hash : null;
}

async function decide(io: CliIo, decision: 'approve' | 'reject', args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { reason: { type: 'string' }, 'plan-hash': { type: 'string' } },
  });
  const id = oneId(positionals);
  if (decision === 'reject' && !values.reason) throw new UsageError('reject needs --reason');
  let planHash = values['plan-hash'];
  if (planHash !== undefined && !/^[0-9a-f]{64}$/.test(planHash)) {
    throw new UsageError('--plan-hash must be the 64-hex-digit plan hash that `show <id>` prints');
  }
  // An approval is bound to the plan the person saw: without a hash, they must see it here.
  if (decision === 'approve' && !planHash && !io.interactive) {
    throw new UsageError(
      `approve without --plan-hash shows the plan and asks for confirmation, which needs a terminal on stdin and stderr.\n` +
        `Check the plan with \`npm run cli -- show ${id}\`, then: npm run cli -- approve ${id} --plan-hash <hash>`,
    );
  }
  const api = client(io);
  if (!planHash && decision === 'approve') {
    const confirmed = await confirmCurrentPlan(io, api, id);
    if (!confirmed) {
      io.err(`Not approved: ${id} is unchanged.`);
      return EXIT.failed;
    }
    planHash = confirmed;
  } else if (!planHash) {
    // Rejecting whatever plan is current is safe: a rejection never runs anything.
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
  return EXIT.ok;
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
        return await decide(io, cmd, args);
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
    if (e instanceof NotLoggedInError) {
      io.err(e.message);
      return EXIT.auth;
    }
    if (e instanceof UnreachableError) {
      io.err(e.message);
      return EXIT.failed;
    }
    if (e instanceof ApiError) {
      io.err(e.message);
      if (e.status === 401 || e.status === 403) return EXIT.auth;
      if (e.status === 409) return EXIT.refused;
      return EXIT.failed;
    }
    io.err(e instanceof Error ? e.message : String(e));
    return EXIT.failed;
  }
}
