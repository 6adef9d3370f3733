/** Offset → 1-based line/column conversion for a source text (LF, CRLF and lone CR all end a line). */
import type { SourcePosition } from '../types.ts';

/** Line starts of a text, computed once; positions are in UTF-16 code units, columns 1-based. */
export class LineIndex {
  private readonly starts: number[];

  constructor(text: string) {
    const starts = [0];
    const n = text.length;
    if (text.indexOf('\r') === -1) {
      let i = text.indexOf('\n');
      // Fast path: LF-only text.
      while (i !== -1) {
        starts.push(i + 1);
        i = text.indexOf('\n', i + 1);
      }
    } else {
      for (let p = 0; p < n; p++) {
        const c = text.charCodeAt(p);
        if (c === 10) starts.push(p + 1);
        else if (c === 13) {
          if (text.charCodeAt(p + 1) === 10) p++;
          starts.push(p + 1);
        }
      }
    }
    this.starts = starts;
  }

  /** The 1-based line and column of a 0-based offset. */
  position(offset: number): SourcePosition {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  }
}
