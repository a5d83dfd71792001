import { createInterface } from 'node:readline';
import { runCli } from './commands';
import { loadCliConfig } from './config';

// `npm run cli -- <command>`: list, show, approve and reject situations from a terminal.

/** Reads one line from stdin; on a terminal without echoing it (it is a password). */
function readPassword(): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    return new Promise((resolve) => {
      const rl = createInterface({ input: stdin });
      // Resolve before close(): close emits 'close' synchronously, whose '' would win.
      rl.once('line', (line) => {
        resolve(line);
        rl.close();
      });
      rl.once('close', () => resolve(''));
    });
  }
  process.stderr.write('password: ');
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          resolve(text);
          return;
        }
        if (ch === '\u0003') process.exit(130); // Ctrl-C
        text = ch === '\u007f' ? text.slice(0, -1) : text + ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** Asks on the terminal (prompt on stderr, so stdout stays the command's output). */
function ask(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    rl.question(prompt, (answer) => {
      resolve(answer);
      rl.close();
    });
    rl.once('SIGINT', () => rl.close());
    rl.once('close', () => resolve('')); // Ctrl-D or Ctrl-C: no answer is a no
  });
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadCliConfig(process.env);
  } catch (e) {
    console.error((e as Error).message);
    process.exitCode = 2;
    return;
  }
  process.exitCode = await runCli(process.argv.slice(2), {
    config,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    readLine: readPassword,
    interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
    ask,
  });
}

void main();
