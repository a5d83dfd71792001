import type { ParamValues, Risk, Runbook, RunbookStep, StepAction } from './runbook';
import type { RetryProfileName } from './runbook';
import { sha256Hex } from './sha256';

/** One step exactly as it will run: placeholders already substituted. */
export interface PlannedStep {
  index: number;
  name: string;
  action: StepAction;
  compensate: StepAction | null;
  retry: RetryProfileName;
  timeoutSeconds: number;
}

/** The exact plan shown to approvers; `hash` binds an approval to this content. */
export interface Plan {
  runbookId: string;
  runbookVersion: number;
  title: string;
  risk: Risk;
  requiredApprovals: number;
  params: ParamValues;
  steps: PlannedStep[];
  hash: string;
}

/** Facts about a situation that parameter defaults (`from`) can draw on. */
export interface PlanContext {
  service?: string | null;
  environment?: string | null;
  labels?: Record<string, string>;
}

export interface ParamIssue {
  param: string;
  message: string;
}

export class PlanError extends Error {
  constructor(readonly issues: ParamIssue[]) {
    super(issues.map((i) => `${i.param}: ${i.message}`).join('; '));
    this.name = 'PlanError';
  }
}

const PLACEHOLDER = /\{\{\s*params\.([a-zA-Z0-9_]+)\s*\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{\s*params\.([a-zA-Z0-9_]+)\s*\}\}$/;

function contextValue(from: string, ctx: PlanContext): string | undefined {
  if (from === 'service') return ctx.service ?? undefined;
  if (from === 'environment') return ctx.environment ?? undefined;
  if (from.startsWith('labels.')) return ctx.labels?.[from.slice('labels.'.length)];
  return undefined;
}

/**
 * Resolves and validates parameter values against the runbook's schema: explicit values
 * win, then `from` (the situation), then `default`. Throws PlanError naming each bad param.
 */
export function resolveParams(runbook: Runbook, given: ParamValues, ctx: PlanContext = {}): ParamValues {
  const issues: ParamIssue[] = [];
  const out: ParamValues = {};
  for (const name of Object.keys(given)) {
    if (!(name in runbook.parameters)) issues.push({ param: name, message: 'is not a parameter of this runbook' });
  }
  for (const [name, spec] of Object.entries(runbook.parameters)) {
    let value: unknown = given[name];
    if (value === undefined && spec.from) value = contextValue(spec.from, ctx);
    if (value === undefined) value = spec.default;
    if (value === undefined) {
      if (spec.required) issues.push({ param: name, message: 'is required' });
      continue;
    }
    if (spec.type === 'integer') {
      const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n)) {
        issues.push({ param: name, message: 'must be an integer' });
        continue;
      }
      if (spec.minimum !== undefined && n < spec.minimum)
        issues.push({ param: name, message: `must be >= ${spec.minimum}` });
      else if (spec.maximum !== undefined && n > spec.maximum)
        issues.push({ param: name, message: `must be <= ${spec.maximum}` });
      else out[name] = n;
    } else if (spec.type === 'boolean') {
      const b = value === 'true' ? true : value === 'false' ? false : value;
      if (typeof b !== 'boolean') issues.push({ param: name, message: 'must be true or false' });
      else out[name] = b;
    } else {
      if (typeof value !== 'string') {
        issues.push({ param: name, message: 'must be a string' });
        continue;
      }
      if (spec.enum && !spec.enum.includes(value)) {
        issues.push({ param: name, message: `must be one of ${spec.enum.join(', ')}` });
      } else if (spec.pattern && !new RegExp(`^(?:${spec.pattern})$`).test(value)) {
        issues.push({ param: name, message: `must match ${spec.pattern}` });
      } else out[name] = value;
    }
  }
  if (issues.length > 0) throw new PlanError(issues);
  return out;
}

function substitute(text: string, params: ParamValues, encode: (s: string) => string): string {
  return text.replace(PLACEHOLDER, (_m, name: string) => encode(String(params[name])));
}

function renderValue(value: unknown, params: ParamValues): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE_PLACEHOLDER.exec(value);
    if (whole) return params[whole[1]!];
    return substitute(value, params, (s) => s);
  }
  if (Array.isArray(value)) return value.map((v) => renderValue(v, params));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderValue(v, params)]));
  }
  return value;
}

/** Substitutes params into an action. argv placeholders must be whole elements. */
export function renderAction(action: StepAction, params: ParamValues): StepAction {
  switch (action.kind) {
    case 'command':
      return {
        kind: 'command',
        argv: action.argv.map((arg) => {
          const whole = WHOLE_PLACEHOLDER.exec(arg);
          if (whole) return String(params[whole[1]!]);
          if (PLACEHOLDER.test(arg)) {
            PLACEHOLDER.lastIndex = 0;
            throw new PlanError([{ param: arg, message: 'a parameter must be a whole argv element' }]);
          }
          return arg;
        }),
      };
    case 'http':
      return {
        ...action,
        url: substitute(action.url, params, encodeURIComponent),
        headers: Object.fromEntries(
          Object.entries(action.headers).map(([k, v]) => [k, substitute(v, params, (s) => s)]),
        ),
        body: action.body === undefined ? undefined : renderValue(action.body, params),
      };
    case 'check':
      return { ...action, url: substitute(action.url, params, encodeURIComponent) };
  }
}

/** JSON with object keys sorted, so equal content always hashes equally. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function planStep(step: RunbookStep, index: number, params: ParamValues): PlannedStep {
  return {
    index,
    name: step.name,
    action: renderAction(step.action, params),
    compensate: step.compensate ? renderAction(step.compensate, params) : null,
    retry: step.retry,
    timeoutSeconds: step.timeoutSeconds,
  };
}

/** High-risk plans need two distinct approvers (four-eyes). */
export function requiredApprovals(risk: Risk): number {
  return risk === 'high' ? 2 : 1;
}

/** The dry-run: renders the exact plan an approver sees, with its content hash. */
export function renderPlan(runbook: Runbook, given: ParamValues, ctx: PlanContext = {}): Plan {
  const params = resolveParams(runbook, given, ctx);
  const steps = runbook.steps.map((s, i) => planStep(s, i, params));
  const body = { runbookId: runbook.id, runbookVersion: runbook.version, params, steps };
  return {
    runbookId: runbook.id,
    runbookVersion: runbook.version,
    title: runbook.title,
    risk: runbook.risk,
    requiredApprovals: requiredApprovals(runbook.risk),
    params,
    steps,
    hash: sha256Hex(canonicalJson(body)),
  };
}
