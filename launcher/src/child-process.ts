import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** How a supervised child ended. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A child process whose output is prefixed with its name and whose exit is observed. */
export interface ManagedChild {
  name: string;
  process: ChildProcess;
  /** Resolves once the process has exited (whatever the reason). */
  exited: Promise<ChildExit>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<ChildExit>;
}

const NAME_WIDTH = 20;

function prefixLines(stream: NodeJS.ReadableStream | null, prefix: string, out: NodeJS.WritableStream): void {
  if (!stream) return;
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => out.write(`${prefix}${line}\n`));
}

/**
 * Spawns `command` with its stdout/stderr prefixed by `name` on the launcher's output.
 * `onUnexpectedExit` fires if the child exits before `stop()` was called, so a crash is
 * visible and the launcher can shut the rest down rather than half-run.
 */
export function spawnManaged(opts: {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  onUnexpectedExit?: (exit: ChildExit) => void;
}): ManagedChild {
  const child = spawn(opts.command, opts.args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `${opts.name.padEnd(NAME_WIDTH)}| `;
  prefixLines(child.stdout, prefix, process.stdout);
  prefixLines(child.stderr, prefix, process.stderr);
  let stopping = false;
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => {
      if (!stopping) opts.onUnexpectedExit?.({ code, signal });
      resolve({ code, signal });
    });
    // A spawn failure (missing executable) emits 'error' and never 'exit'.
    child.once('error', () => {
      if (child.exitCode === null && child.pid === undefined) {
        if (!stopping) opts.onUnexpectedExit?.({ code: null, signal: null });
        resolve({ code: null, signal: null });
      }
    });
  });
  const stop = async (graceMs = 15_000): Promise<ChildExit> => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    }
    return exited;
  };
  return { name: opts.name, process: child, exited, stop };
}
