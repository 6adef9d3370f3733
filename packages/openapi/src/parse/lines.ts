/** Offset → 1-based line/column conversion for a source text (LF, CRLF and lone CR all end a line). */
import type { SourcePosition } from '../types.ts';

/** Characters searched at a time for a carriage return. */
const CR_CHUNK = 1 << 16;

/**
 * Line starts of a text, found as far as positions are asked for (a few findings near the top of a 13 MB text
 * do not need every line of it); positions are in UTF-16 code units, columns 1-based.
 */
export class LineIndex {
  private starts = new Int32Array(1024);
  /** How many entries of `starts` are known (the first is 0). */
  private count = 1;
  /** Where the search for the next line break resumes. */
  private scanned = 0;
  /** Offset of the next `\r` at or after `scanned`, when one was found. */
  private nextCr = -1;
  /** Before this offset, the text has no `\r` other than `nextCr`. */
  private crSearched = 0;

  constructor(private readonly text: string) {}

  /** The 1-based line and column of a 0-based offset. */
  position(offset: number): SourcePosition {
    this.extend(offset);
    const starts = this.starts;
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  }

  /** Records every line start up to `offset`. */
  private extend(offset: number): void {
    const text = this.text;
    while (this.scanned <= offset && this.scanned < text.length) {
      let lf = text.indexOf('\n', this.scanned);
      if (lf === -1) lf = text.length;
      if (this.nextCr === -1) this.findCr(lf);
      if (this.nextCr !== -1 && this.nextCr < lf) {
        // A CR before the next LF: CRLF ends one line, a lone CR ends one too.
        const cr = this.nextCr;
        const start = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
        this.push(start);
        this.scanned = start;
        this.nextCr = -1;
        this.crSearched = start;
      } else if (lf < text.length) {
        this.push(lf + 1);
        this.scanned = lf + 1;
      } else {
        this.scanned = text.length;
      }
    }
  }

  /**
   * Looks for the next `\r` before `limit`, in chunks: most texts have none, and searching all of a long text
   * for one would cost more than the lines a few positions need.
   */
  private findCr(limit: number): void {
    while (this.crSearched < limit) {
      const end = Math.min(this.text.length, Math.max(limit, this.crSearched + CR_CHUNK));
      const found = this.text.slice(this.crSearched, end).indexOf('\r');
      if (found !== -1) {
        this.nextCr = this.crSearched + found;
        return;
      }
      this.crSearched = end;
    }
  }

  private push(start: number): void {
    if (this.count === this.starts.length) {
      const grown = new Int32Array(this.starts.length * 2);
      grown.set(this.starts);
      this.starts = grown;
    }
    this.starts[this.count++] = start;
  }
}
