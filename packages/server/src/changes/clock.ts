/** Time as the change scheduler sees it: injected, so tests drive it with a fake clock and timer (no sleeps). */

export interface Clock {
  now(): Date;
}

/** A one-shot timer; the handle is whatever `set` returns. */
export interface Timer {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };

/** Real timers that do not keep the process alive. */
export const systemTimer: Timer = {
  set(callback, ms) {
    const handle = setTimeout(callback, ms);
    handle.unref();
    return handle;
  },
  clear(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};
