import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseRunbook, RunbookParseError, type Runbook, type StepAction } from '@hro/domain';

/** What remediation may touch, set by the operator (HRO_COMMAND_ALLOWLIST, HRO_HTTP_ALLOWLIST). */
export interface ExecutionPolicy {
  /** Executables a `command` step may name as argv[0], compared literally. */
  commandAllowlist: string[];
  /** `host:port` pairs `http`/`check` steps may call; default ports are made explicit. */
  httpAllowlist: string[];
}

/** The validated runbook catalog. */
export interface Catalog {
  /** The newest version of every runbook, sorted by id. */
  list(): Runbook[];
  /** The newest version of `id`, or exactly `version` when given (older versions stay loadable). */
  get(id: string, version?: number): Runbook | undefined;
}

/** The catalog cannot be used; `problems` lists every one, each naming file and field. */
export class CatalogError extends Error {
  constructor(
    readonly dir: string,
    readonly problems: string[],
  ) {
    super(`runbook catalog ${dir} has ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
    this.name = 'CatalogError';
  }
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/** `host:port` of a literal URL, or a reason it is not acceptable. */
export function urlHostPort(url: string): { hostPort: string } | { problem: string } {
  // Placeholders may only appear after the authority: the host is checked at load time.
  const authority = /^[^:/?#]*:?\/*[^/?#]*/.exec(url)?.[0] ?? url;
  if (authority.includes('{{')) return { problem: 'the scheme, host and port must be literal, not parameters' };
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/\{\{.*?\}\}/g, 'x'));
  } catch {
    return { problem: 'is not a valid absolute URL' };
  }
  const port = parsed.port || DEFAULT_PORTS[parsed.protocol];
  if (!port) return { problem: `scheme ${parsed.protocol} is not allowed (http or https)` };
  if (parsed.username || parsed.password) return { problem: 'credentials in URLs are not allowed' };
  return { hostPort: `${parsed.hostname}:${port}` };
}

function policyProblems(action: StepAction, policy: ExecutionPolicy): string[] {
  if (action.kind === 'command') {
    const exe = action.argv[0] ?? '';
    return policy.commandAllowlist.includes(exe)
      ? []
      : [`argv.0: executable "${exe}" is not on the command allow-list (HRO_COMMAND_ALLOWLIST)`];
  }
  const host = urlHostPort(action.url);
  if ('problem' in host) return [`url: ${host.problem}`];
  return policy.httpAllowlist.includes(host.hostPort)
    ? []
    : [`url: host ${host.hostPort} is not on the HTTP allow-list (HRO_HTTP_ALLOWLIST)`];
}

// Recursive, like the API's catalog view, so both always see the same files.
function runbookFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/**
 * Loads and validates every `*.yaml`/`*.yml` under `dir` (subfolders included) against the schema and the
 * execution policy. Throws one CatalogError listing every problem in every file.
 */
export function loadCatalog(dir: string, policy: ExecutionPolicy): Catalog {
  const problems: string[] = [];
  let files: string[];
  try {
    files = runbookFiles(dir);
  } catch (e) {
    throw new CatalogError(dir, [`cannot read the directory: ${(e as Error).message}`]);
  }
  const byKey = new Map<string, { runbook: Runbook; file: string }>();
  for (const file of files) {
    const source = relative(process.cwd(), file) || file;
    let runbook: Runbook;
    try {
      runbook = parseRunbook(readFileSync(file, 'utf8'), source);
    } catch (e) {
      if (e instanceof RunbookParseError) problems.push(...e.message.split('\n'));
      else problems.push(`${source}: ${(e as Error).message}`);
      continue;
    }
    runbook.steps.forEach((step, i) => {
      for (const p of policyProblems(step.action, policy)) problems.push(`${source}: steps.${i}.action.${p}`);
      if (step.compensate) {
        for (const p of policyProblems(step.compensate, policy)) problems.push(`${source}: steps.${i}.compensate.${p}`);
      }
    });
    const key = `${runbook.id}@${runbook.version}`;
    const other = byKey.get(key);
    if (other) problems.push(`${source}: id: ${key} is already defined in ${other.file}`);
    else byKey.set(key, { runbook, file: source });
  }
  if (problems.length > 0) throw new CatalogError(dir, problems);
  return catalogOf([...byKey.values()].map((v) => v.runbook));
}

/** A catalog over already-validated runbooks (the newest version of each id is current). */
export function catalogOf(runbooks: Runbook[]): Catalog {
  const newest = new Map<string, Runbook>();
  for (const rb of runbooks) {
    const cur = newest.get(rb.id);
    if (!cur || rb.version > cur.version) newest.set(rb.id, rb);
  }
  const current = [...newest.values()].sort((a, b) => a.id.localeCompare(b.id));
  return {
    list: () => current,
    get: (id, version) =>
      version === undefined ? newest.get(id) : runbooks.find((rb) => rb.id === id && rb.version === version),
  };
}
