/** Fixtures for the change-tracking tests: a fake clock and timer, and the demo document in editable form. */
import type { Clock, Timer } from '../../src/changes/clock.ts';

/** A clock tests move by hand. */
export interface FakeClock extends Clock {
  advance(ms: number): void;
}

export function fakeClock(start = new Date()): FakeClock {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms) {
      now += ms;
    },
  };
}

/** A timer that runs callbacks only when a test fires them. */
export interface FakeTimer extends Timer {
  pending(): number;
  /** Runs every pending callback once. */
  fire(): void;
}

export function fakeTimer(): FakeTimer {
  const callbacks = new Map<number, () => void>();
  let next = 0;
  return {
    set(callback) {
      next += 1;
      callbacks.set(next, callback);
      return next;
    },
    clear(handle) {
      callbacks.delete(handle as number);
    },
    pending: () => callbacks.size,
    fire() {
      const due = [...callbacks.entries()];
      callbacks.clear();
      for (const [, callback] of due) callback();
    },
  };
}

type Json = Record<string, unknown>;

/** A deep copy of a JSON document to edit. */
export function editable<T = Json>(document: unknown): T {
  return structuredClone(document) as T;
}

/** The object at `paths[path][method]` of an OpenAPI / Swagger document. */
export function operation(document: Json, path: string, method: string): Json {
  const paths = document.paths as Record<string, Record<string, Json>>;
  const found = paths[path]?.[method];
  if (!found) throw new Error(`no ${method} ${path} in the document`);
  return found;
}
