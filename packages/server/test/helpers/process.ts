/** Runs `portico serve`-equivalent child processes (packages/server/src/main.ts) for multi-node tests. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '../../../..');
const MAIN = path.join(REPO_ROOT, 'packages/server/src/main.ts');

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** Resolves once the output matches (the process writes its start-up lines one by one). */
  waitFor(pattern: RegExp): Promise<string>;
  stop(): Promise<void>;
}

/** Starts a server process with the given environment; resolves once it prints the URL it serves at. */
export function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORTICO_PORT: '0', PORTICO_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const waiters: Array<{ pattern: RegExp; resolve: (text: string) => void }> = [];
  const settle = () => {
    for (const w of [...waiters]) {
      if (w.pattern.test(out)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(out);
      }
    }
  };
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      settle();
      const match = /Portico is serving at (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        resolve({
          url: match[1],
          child,
          output: () => out,
          waitFor: (pattern) =>
            new Promise<string>((done, fail) => {
              if (pattern.test(out)) return done(out);
              waiters.push({ pattern, resolve: done });
              child.once('exit', () => fail(new Error(`process exited before printing ${pattern}:\n${out}`)));
            }),
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      settle();
    });
    child.once('exit', (code) => reject(new Error(`server process exited with ${code} before serving:\n${out}`)));
    child.once('error', reject);
  });
}
