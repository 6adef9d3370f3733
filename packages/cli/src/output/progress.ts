/** Shows which stage a long run is in: a transient line on a terminal, one line per stage with --progress. */
import type { OutputStream } from '../io.ts';

export type Stage =
  | 'loading'
  | 'parsing'
  | 'resolving'
  | 'validating'
  | 'converting'
  | 'fixing'
  | 'exporting'
  | 'comparing'
  | 'writing';

export interface Progress {
  /** Announces the start of a stage (the previous one ends). */
  stage(name: Stage, detail?: string): void;
  /** Updates the detail of the current stage (`exporting 3/47`): redrawn on a terminal, not repeated elsewhere. */
  update(detail: string): void;
  /** Ends the last stage and clears the transient line. */
  done(): void;
}

/** A progress reporter that draws nothing. */
export const silentProgress: Progress = { stage() {}, update() {}, done() {} };

/** Creates the reporter: silent unless `enabled`; redraws one line on a TTY, appends lines otherwise. */
export function createProgress(
  stream: OutputStream,
  enabled: boolean,
  now: () => number = performance.now.bind(performance),
): Progress {
  if (!enabled) return silentProgress;
  const started = now();
  const tty = stream.isTTY === true;
  let drawn = false;
  let current = '';
  const elapsed = () => `${((now() - started) / 1000).toFixed(1)} s`;
  return {
    update(detail) {
      if (tty && current) {
        stream.write(`\r\x1b[Kportico: ${current} ${detail}… (${elapsed()})`);
        drawn = true;
      }
    },
    stage(name, detail) {
      current = name;
      const text = `portico: ${name}${detail ? ` ${detail}` : ''}… (${elapsed()})`;
      if (tty) {
        stream.write(`\r\x1b[K${text}`);
        drawn = true;
      } else {
        stream.write(`${text}\n`);
      }
    },
    done() {
      if (tty && drawn) stream.write('\r\x1b[K');
      else if (!tty) stream.write(`portico: done (${elapsed()})\n`);
      drawn = false;
    },
  };
}
