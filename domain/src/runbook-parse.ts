import { parseDocument } from 'yaml';
import type { z } from 'zod';
import {
  applicabilitySchema,
  parameterSpecSchema,
  runbookSchema,
  runbookStepSchema,
  stepActionSchema,
  type Runbook,
  type StepAction,
} from './runbook';

/** One problem in a runbook file, located by its dotted field path. */
export interface RunbookIssue {
  path: string;
  message: string;
}

/** A runbook file that cannot be used; the message names the file and every bad field. */
export class RunbookParseError extends Error {
  constructor(
    readonly source: string,
    readonly issues: RunbookIssue[],
  ) {
    super(issues.map((i) => `${source}: ${i.path ? `${i.path}: ` : ''}${i.message}`).join('\n'));
    this.name = 'RunbookParseError';
  }
}

// Any `{{ ... }}` at all; each must be a well-formed params placeholder.
const ANY_BRACES = /\{\{(.*?)\}\}/g;
const PARAM_REF = /^\s*params\.([a-zA-Z0-9_]+)\s*$/;
const WHOLE_PLACEHOLDER = /^\{\{\s*params\.[a-zA-Z0-9_]+\s*\}\}$/;

type Shape = Record<string, unknown>;

// zod objects strip unknown keys silently; a typo such as `retyr:` must fail instead,
// so the known keys are taken from the shared schemas' shapes.
const KEYS = {
  runbook: Object.keys(runbookSchema.shape),
  step: Object.keys(runbookStepSchema.shape),
  param: Object.keys(parameterSpecSchema.shape),
  appliesTo: Object.keys(applicabilitySchema.shape),
  action: Object.fromEntries(
    stepActionSchema.options.map((o) => [o.shape.kind.value, Object.keys(o.shape)] as const),
  ) as Record<string, string[]>,
};

function isObject(v: unknown): v is Shape {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unknownKeys(value: unknown, known: string[], path: string, out: RunbookIssue[]): void {
  if (!isObject(value)) return;
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) out.push({ path: path ? `${path}.${key}` : key, message: 'unknown field' });
  }
}

function checkUnknownKeys(raw: unknown): RunbookIssue[] {
  const out: RunbookIssue[] = [];
  if (!isObject(raw)) return out;
  unknownKeys(raw, KEYS.runbook, '', out);
  unknownKeys(raw.appliesTo, KEYS.appliesTo, 'appliesTo', out);
  if (isObject(raw.parameters)) {
    for (const [name, spec] of Object.entries(raw.parameters)) unknownKeys(spec, KEYS.param, `parameters.${name}`, out);
  }
  if (Array.isArray(raw.steps)) {
    raw.steps.forEach((step: unknown, i) => {
      unknownKeys(step, KEYS.step, `steps.${i}`, out);
      if (!isObject(step)) return;
      for (const field of ['action', 'compensate'] as const) {
        const action = step[field];
        if (isObject(action) && typeof action.kind === 'string' && KEYS.action[action.kind]) {
          unknownKeys(action, KEYS.action[action.kind]!, `steps.${i}.${field}`, out);
        }
      }
    });
  }
  return out;
}

function zodIssues(error: z.ZodError): RunbookIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    // zod 4 says "expected string, received undefined"; operators understand "Required".
    message: issue.code === 'invalid_type' && /received undefined/.test(issue.message) ? 'Required' : issue.message,
  }));
}

/** Every string inside an action, with its field path, and whether it is an argv element. */
function actionStrings(action: StepAction, path: string): { path: string; text: string; argv: boolean }[] {
  const out: { path: string; text: string; argv: boolean }[] = [];
  const walk = (v: unknown, p: string): void => {
    if (typeof v === 'string') out.push({ path: p, text: v, argv: false });
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}.${i}`));
    else if (isObject(v)) for (const [k, x] of Object.entries(v)) walk(x, `${p}.${k}`);
  };
  switch (action.kind) {
    case 'command':
      action.argv.forEach((text, i) => out.push({ path: `${path}.argv.${i}`, text, argv: true }));
      break;
    case 'http':
      walk(action.url, `${path}.url`);
      walk(action.headers, `${path}.headers`);
      walk(action.body, `${path}.body`);
      break;
    case 'check':
      walk(action.url, `${path}.url`);
      if (action.expectBody !== undefined) walk(action.expectBody, `${path}.expectBody`);
      break;
  }
  return out;
}

function checkPlaceholders(runbook: Runbook): RunbookIssue[] {
  const out: RunbookIssue[] = [];
  const params = new Set(Object.keys(runbook.parameters));
  runbook.steps.forEach((step, i) => {
    const actions: [StepAction, string][] = [[step.action, `steps.${i}.action`]];
    if (step.compensate) actions.push([step.compensate, `steps.${i}.compensate`]);
    for (const [action, path] of actions) {
      for (const s of actionStrings(action, path)) {
        for (const m of s.text.matchAll(ANY_BRACES)) {
          const ref = PARAM_REF.exec(m[1] ?? '');
          if (!ref) out.push({ path: s.path, message: `unknown placeholder ${m[0]} (only {{params.<name>}})` });
          else if (!params.has(ref[1]!)) out.push({ path: s.path, message: `unknown parameter in ${m[0]}` });
          else if (s.argv && !WHOLE_PLACEHOLDER.test(s.text)) {
            out.push({ path: s.path, message: `${m[0]} must be a whole argv element, not part of one` });
          }
        }
      }
      if (action.kind === 'command' && /\{\{/.test(action.argv[0] ?? '')) {
        out.push({ path: `${path}.argv.0`, message: 'the executable must be literal, not a parameter' });
      }
    }
  });
  return out;
}

function checkStepNames(runbook: Runbook): RunbookIssue[] {
  const seen = new Map<string, number>();
  const out: RunbookIssue[] = [];
  runbook.steps.forEach((step, i) => {
    const first = seen.get(step.name);
    if (first !== undefined)
      out.push({ path: `steps.${i}.name`, message: `duplicate step name (also steps.${first})` });
    else seen.set(step.name, i);
  });
  return out;
}

function checkPatterns(runbook: Runbook): RunbookIssue[] {
  const out: RunbookIssue[] = [];
  for (const [name, spec] of Object.entries(runbook.parameters)) {
    if (spec.pattern === undefined) continue;
    try {
      new RegExp(spec.pattern);
    } catch {
      out.push({ path: `parameters.${name}.pattern`, message: 'is not a valid regular expression' });
    }
  }
  return out;
}

/**
 * Parses and validates one runbook YAML document (pure). Throws RunbookParseError listing
 * every problem as `<source>: <field path>: <message>`.
 */
export function parseRunbook(yamlText: string, source: string): Runbook {
  const doc = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new RunbookParseError(
      source,
      doc.errors.map((e) => ({ path: '', message: `invalid YAML: ${e.message.split('\n')[0] ?? e.code}` })),
    );
  }
  const raw: unknown = doc.toJS();
  const unknown = checkUnknownKeys(raw);
  const parsed = runbookSchema.safeParse(raw);
  if (!parsed.success) throw new RunbookParseError(source, [...zodIssues(parsed.error), ...unknown]);
  const issues = [
    ...unknown,
    ...checkStepNames(parsed.data),
    ...checkPatterns(parsed.data),
    ...checkPlaceholders(parsed.data),
  ];
  if (issues.length > 0) throw new RunbookParseError(source, issues);
  return parsed.data;
}
