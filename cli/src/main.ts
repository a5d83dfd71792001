import { createInterface } from 'node:readline';
import { runCli } from './commands';
import { loadCliConfig } from './config';

// `npm run cli -- <command>`: list, show, approve and reject situations from a terminal.
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
    readLine: () =>
      new Promise((resolve) => {
        if (process.stdin.isTTY) process.stderr.write('password: ');
        const rl = createInterface({ input: process.stdin });
        rl.once('line', (line) => {
          rl.close();
          resolve(line);
        });
        rl.once('close', () => resolve(''));
      }),
  });
}

void main();
