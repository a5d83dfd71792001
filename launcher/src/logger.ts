import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'component']);

/** One pino JSON line as `name | LEVEL msg key=value`, like the children's prefixed output. */
export function formatLine(name: string, line: string): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return `${name.padEnd(20)}| ${line}`;
  }
  const err = o.err as { message?: string; stack?: string } | undefined;
  const extras = Object.entries(o)
    .filter(([k]) => !HIDDEN.has(k) && k !== 'err')
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const level = LEVELS[o.level as number] ?? String(o.level);
  const prefix = `${name.padEnd(20)}| `;
  const head = `${prefix}${level.padEnd(5)} ${String(o.msg ?? '')}${extras.length ? ' ' + extras.join(' ') : ''}`;
  // An error's stack (with its causes) goes on the following lines, each prefixed.
  const stack = err?.stack ?? err?.message;
  return stack
    ? `${head}\n${stack
        .split('\n')
        .map((l) => prefix + '  ' + l)
        .join('\n')}`
    : head;
}

/**
 * The launcher's logger: structured (pino) underneath, printed human-readable because the
 * launcher is what a person watches in a terminal. `LOG_FORMAT=json` is not needed: the
 * API and workers, which run in production, keep plain pino JSON.
 */
export function createLauncherLogger(level: string, name = 'launcher'): Logger {
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line) process.stdout.write(formatLine(name, line) + '\n');
      done();
    },
  });
  return pino({ level }, out);
}
