/**
 * Starting one server of `npm run bench:gateway` (targets.ts) in its own process, for the benchmark and for the
 * test that checks every target answers (test/bench-targets.test.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TargetSpec } from './targets.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TARGETS_SCRIPT = join(root, 'bench/gateway/targets.ts');

export interface Started {
  child: ChildProcess;
  spec: TargetSpec;
  /** CPU time (user + system, µs) the target's process has used so far. */
  cpu(): Promise<number>;
}

/**
 * Starts one target in its own process (on CPU `onCpu` when given) and waits for its `TARGET {…}` line.
 */
export function startTarget(kind: string, upstreamUrl?: string, onCpu?: number): Promise<Started> {
  return new Promise((resolvePromise, reject) => {
    const node = [process.execPath, '--import', 'tsx', TARGETS_SCRIPT, kind, ...(upstreamUrl ? [upstreamUrl] : [])];
    const command = onCpu === undefined ? node : ['taskset', '-c', String(onCpu), ...node];
    const child = spawn(command[0]!, command.slice(1), {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    let out = '';
    let err = '';
    let announced = false;
    const waiting: Array<(cpu: number) => void> = [];
    const cpu = () =>
      new Promise<number>((resolveCpu) => {
        waiting.push(resolveCpu);
        child.stdin!.write('cpu\n');
      });
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      let end = out.indexOf('\n');
      while (end >= 0) {
        const line = out.slice(0, end);
        out = out.slice(end + 1);
        if (line.startsWith('TARGET ') && !announced) {
          announced = true;
          resolvePromise({ child, spec: JSON.parse(line.slice('TARGET '.length)) as TargetSpec, cpu });
        } else if (line.startsWith('CPU ')) {
          const used = JSON.parse(line.slice('CPU '.length)) as { user: number; system: number };
          waiting.shift()?.(used.user + used.system);
        }
        end = out.indexOf('\n');
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`target ${kind} exited with ${code}: ${err.trim()}`)));
  });
}
