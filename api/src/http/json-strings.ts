import type { RequestHandler } from 'express';
import { ValidationError, type FieldError } from './errors';
import { printable, textProblem } from './text-checks';

/** No REST body nests this deep; deeper ones are refused before they reach a recursive serializer. */
export const MAX_JSON_DEPTH = 32;
const MAX_ERRORS = 20;

/**
 * Field errors for every string or object key in a parsed JSON body that Postgres could not
 * store (NUL, lone surrogate), named like zod's (`body.steps.0.name`), plus one error at the
 * first place nested deeper than MAX_JSON_DEPTH. Iterative: a hostile body cannot blow the stack.
 */
export function jsonTextErrors(body: unknown, root = 'body'): FieldError[] {
  const errors: FieldError[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: root, depth: 0 }];
  while (stack.length > 0 && errors.length < MAX_ERRORS) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) errors.push({ field: path, message: problem });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) {
      errors.push({ field: path, message: `is nested deeper than ${MAX_JSON_DEPTH} levels` });
      break;
    }
    const entries: [string, unknown][] = Array.isArray(value)
      ? value.map((v, i) => [String(i), v])
      : Object.entries(value as Record<string, unknown>);
    const children: { value: unknown; path: string; depth: number }[] = [];
    for (const [key, child] of entries) {
      const childPath = `${path}.${printable(key)}`;
      const keyProblem = Array.isArray(value) ? undefined : textProblem(key);
      if (keyProblem) errors.push({ field: childPath, message: `key ${keyProblem}` });
      else children.push({ value: child, path: childPath, depth: depth + 1 });
    }
    // Reversed onto the stack so errors come out in document order (no spread: arrays may be huge).
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return errors;
}

/** After express.json: refuses bodies with text Postgres cannot store, naming the fields. */
export const rejectBadJsonText: RequestHandler = (req, _res, next) => {
  const errors = jsonTextErrors(req.body);
  if (errors.length > 0) throw new ValidationError(errors);
  next();
};
