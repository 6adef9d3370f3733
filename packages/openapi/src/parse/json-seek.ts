/**
 * Finds where a JSON Pointer's target sits in JSON text that JSON.parse accepted, without indexing the whole
 * text: it walks down the pointer, skipping sibling values, and remembers every member it passed (and how
 * far it read each container) so later look-ups resume instead of starting over. A few findings on a 13 MB
 * definition cost a few skims of the text, not a position node per value.
 */
import { escapeToken, parsePointer } from '../pointer.ts';

interface Place {
  /** Offset of the member's key (object members only). */
  key?: number;
  /** Offset of the value. */
  at: number;
}

interface Progress {
  /** Offset where reading the container's entries resumes. */
  next: number;
  /** Entries read so far (array index of the next element). */
  count: number;
  done: boolean;
}

const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;
/** The end of a number, `true`, `false` or `null`. */
const SCALAR_END = /[,\]}\s]/g;

/** Returns `offset(pointer)`: the key offset of an object member, else the value's offset; undefined when absent. */
export function jsonSeeker(text: string): (pointer: string) => number | undefined {
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
      if (close < 0) return text.length;
      let b = close - 1;
      while (text.charCodeAt(b) === 92) b--;
      if (((close - 1 - b) & 1) === 0) return close + 1;
      close++;
    }
  };
  /** Offset just after the value that starts at `i`. */
  const skipValue = (i: number): number => {
    const c = text.charCodeAt(i);
    if (c === 34) return skipString(i);
    if (c !== 123 && c !== 91) {
      SCALAR_END.lastIndex = i;
      return SCALAR_END.exec(text) ? SCALAR_END.lastIndex - 1 : text.length;
    }
    let depth = 0;
    const n = text.length;
    for (let p = i; p < n; p++) {
      const ch = text.charCodeAt(p);
      if (ch === 34) p = skipString(p) - 1;
      else if (ch === 123 || ch === 91) depth++;
      else if (ch === 125 || ch === 93) {
        depth--;
        if (depth === 0) return p + 1;
      }
    }
    return n;
  };
  /** Reads entries of the container at `pointer` (value at `at`) until `token` is found or the container ends. */
  const find = (pointer: string, at: number, token: string): Place | undefined => {
    const open = text.charCodeAt(at);
    if (open !== 123 && open !== 91) return undefined;
    const isArray = open === 91;
    if (isArray && !ARRAY_INDEX.test(token)) return undefined;
    let state = progress.get(pointer);
    if (!state) {
      state = { next: at + 1, count: 0, done: false };
      progress.set(pointer, state);
    }
    while (!state.done) {
      let i = ws(state.next);
      let c = text.charCodeAt(i);
      if (c === (isArray ? 93 : 125) || i >= text.length) {
        state.done = true;
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
      state.next = skipValue(i);
      state.count++;
      const child = `${pointer}/${escapeToken(name)}`;
      // JSON.parse keeps the last of duplicate keys (the parser refuses them anyway): so does the index.
      places.set(child, place);
      if (name === token) return place;
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
