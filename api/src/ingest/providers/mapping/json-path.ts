// A deliberately small JSONPath subset for mapping configs: `$.a.b`, `$.items[0].name`,
// `$['key.with.dots']`, and `$$.x` for the whole body when alerts are iterated. No filters,
// wildcards or scripts: a mapping is data an admin types, never code.
const TOKEN = /\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/y;

/** A parsed path: which document it starts from and the keys/indexes to follow. */
export interface JsonPath {
  root: 'item' | 'body';
  steps: (string | number)[];
  source: string;
}

/** Parses a path expression; returns an error message instead of throwing so zod can report it. */
export function parseJsonPath(expr: string): JsonPath | string {
  const root = expr.startsWith('$$') ? 'body' : expr.startsWith('$') ? 'item' : undefined;
  if (root === undefined) return 'a path starts with "$" (or "$$" for the whole body)';
  const rest = expr.slice(root === 'body' ? 2 : 1);
  const steps: (string | number)[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < rest.length) {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(rest);
    if (!m) return `cannot parse path at "${rest.slice(pos, pos + 20)}"`;
    if (m[1] !== undefined) steps.push(m[1]);
    else if (m[2] !== undefined) steps.push(Number(m[2]));
    else steps.push(m[3] ?? m[4] ?? '');
    pos = TOKEN.lastIndex;
  }
  return { root, steps, source: expr };
}

/** Follows a path; undefined when any step is missing (own properties only). */
export function evaluate(path: JsonPath, item: unknown, body: unknown): unknown {
  let cur: unknown = path.root === 'body' ? body : item;
  for (const step of path.steps) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (typeof step === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[step];
    } else {
      if (!Object.hasOwn(cur, step)) return undefined;
      cur = (cur as Record<string, unknown>)[step];
    }
  }
  return cur;
}

/** A readable field name for errors: `$.alert.state` → `alert.state`. */
export function pathField(path: JsonPath, prefix: string): string {
  let out = path.root === 'item' ? prefix : '';
  for (const step of path.steps) {
    out += typeof step === 'number' ? `[${step}]` : out === '' ? step : `.${step}`;
  }
  return out === '' ? '(body)' : out;
}
