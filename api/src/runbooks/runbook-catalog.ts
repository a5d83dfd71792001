import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseRunbook, RunbookParseError, type Runbook } from '@hro/domain';

/** What the API shows of the catalog: newest version per id, plus files that failed to parse. */
export interface CatalogView {
  items: Runbook[];
  problems: string[];
}

async function yamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/**
 * Reads the runbook catalog from disk on every call: it is small, operator-editable, and
 * the workers (which execute) validate it at start; the API only displays it.
 */
export async function readCatalog(dir: string): Promise<CatalogView> {
  const newest = new Map<string, Runbook>();
  const problems: string[] = [];
  let files: string[];
  try {
    files = await yamlFiles(dir);
  } catch (err) {
    return { items: [], problems: [`${dir}: ${(err as Error).message}`] };
  }
  for (const file of files) {
    const source = relative(dir, file);
    try {
      const runbook = parseRunbook(await readFile(file, 'utf8'), source);
      const seen = newest.get(runbook.id);
      if (!seen || seen.version < runbook.version) newest.set(runbook.id, runbook);
    } catch (err) {
      if (err instanceof RunbookParseError) problems.push(err.message);
      else problems.push(`${source}: ${(err as Error).message}`);
    }
  }
  return { items: [...newest.values()].sort((a, b) => a.id.localeCompare(b.id)), problems };
}
