/**
 * Finds where a JSON Pointer's target sits in JSON text that JSON.parse accepted, without indexing the whole
 * text: it walks down the pointer, skipping sibling values, and remembers every member it passed (and how
 * far it read each container) so later look-ups resume instead of starting over. A few findings on a 13 MB
 * definition cost one partial skim of the text, not a position node per value.
 */
import { escapeToken, parsePointer } from '../pointer.ts';

interface Place {
  /** Offset of the member's key (object members only). */
  key?: number;
  /** Offset of the value. */
  at: number;
}

interface Progress {
  /** Offset of the container's opening bracket. */
  start: number;
  /** Offset where reading the container's entries resumes (just after the last entry read). */
  next: number;
  /** The last entry read, when its value has not been skipped yet: its offset and pointer. */
  pending?: { at: number; pointer: string };
  /** Entries read so far (array index of the next element). */
  count: number;
  /** Offset just after the closing bracket, once every entry has been read. */
  end?: number;
}

const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;
/** The end of a number, `true`, `false` or `null`. */
const SCALAR_END = /[,\]}\s]/g;

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/** Returns `offset(pointer)`: the key offset of an object member, else the value's offset; undefined when absent. */
export function jsonSeeker(text: string): (pointer: string) => number | undefined {
  const n = text.length;
  const places = new Map<string, Place>();
  const progress = new Map<string, Progress>();
  const ws = (i: number): number => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return i;
    }
  };
  /** Offset just after the string that starts at `i` (a quote). */
  const skipString = (i: number): number => {
    let close = i + 1;
    for (;;) {
      close = text.indexOf('"', close);
      if (close < 0) return n;
      let b = close - 1;
      while (text.charCodeAt(b) === BACKSLASH) b--;
      if (((close - 1 - b) & 1) === 0) return close + 1;
      close++;
    }
  };
  /** Offset just after the bracket that closes the container being read at `from`, `depth` levels deep. */
  const skipContainer = (from: number, depth: number): number => {
    for (let p = from; p < n; p++) {
      const c = text.charCodeAt(p);
      // Whitespace and commas (below the quote) are most of what is read here: one comparison rules them out.
      if (c < QUOTE) continue;
      if (c === QUOTE) p = skipString(p) - 1;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return p + 1;
      }
    }
    return n;
  };
  /** Offset just after the value at `i` (found at `pointer`), resuming where an earlier look-up stopped inside it. */
  const skipValue = (i: number, pointer: string): number => {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return skipString(i);
    if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
      SCALAR_END.lastIndex = i;
      return SCALAR_END.exec(text) ? SCALAR_END.lastIndex - 1 : n;
    }
    const read = progress.get(pointer);
    if (read === undefined || read.start !== i) return skipContainer(i, 0);
    if (read.end !== undefined) return read.end;
    // Resume inside the container, after the last entry an earlier look-up read.
    settle(read);
    return skipContainer(read.next, 1);
  };
  /** Skips the value of the last entry read, when a look-up stopped there. */
  const settle = (state: Progress): void => {
    if (state.pending === undefined) return;
    state.next = skipValue(state.pending.at, state.pending.pointer);
    state.pending = undefined;
  };
  /** Reads entries of the container at `pointer` (value at `at`) until `token` is found or the container ends. */
  const find = (pointer: string, at: number, token: string): Place | undefined => {
    const open = text.charCodeAt(at);
    if (open !== OPEN_BRACE && open !== OPEN_BRACKET) return undefined;
    const isArray = open === OPEN_BRACKET;
    if (isArray && !ARRAY_INDEX.test(token)) return undefined;
    let state = progress.get(pointer);
    if (!state) {
      state = { start: at, next: at + 1, count: 0 };
      progress.set(pointer, state);
    }
    while (state.end === undefined) {
      settle(state);
      let i = ws(state.next);
      let c = text.charCodeAt(i);
      if (c === (isArray ? CLOSE_BRACKET : CLOSE_BRACE) || i >= n) {
        state.end = Math.min(i + 1, n);
        break;
      }
      if (c === 44) {
        i = ws(i + 1);
        c = text.charCodeAt(i);
      }
      let name: string;
      const place: Place = { at: i };
      if (isArray) name = String(state.count);
      else {
        const end = skipString(i);
        const raw = text.slice(i + 1, end - 1);
        name = raw.includes('\\') ? (JSON.parse(text.slice(i, end)) as string) : raw;
        place.key = i;
        i = ws(end);
        i = ws(i + 1); // the ':'
        place.at = i;
      }
      state.count++;
      const child = `${pointer}/${escapeToken(name)}`;
      // JSON.parse keeps the last of duplicate keys (the parser refuses them anyway): so does the index.
      places.set(child, place);
      if (name === token) {
        // The value is skipped only when a later look-up reads past it, by then perhaps partly read already.
        state.pending = { at: i, pointer: child };
        return place;
      }
      state.next = skipValue(i, child);
    }
    return places.get(`${pointer}/${escapeToken(token)}`);
  };

  return (pointer) => {
    let tokens: string[];
    try {
      tokens = parsePointer(pointer);
    } catch {
      return undefined;
    }
    let current = '';
    let place: Place | undefined = { at: ws(0) };
    for (const token of tokens) {
      const child = `${current}/${escapeToken(token)}`;
      place = places.get(child) ?? find(current, place.at, token);
      if (place === undefined) return undefined;
      current = child;
    }
    return place.key ?? place.at;
  };
}
