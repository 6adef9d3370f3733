/**
 * report.json text, built exactly as `serializeJson(report)` writes it but from pieces serialized once per
 * export: the packages of a split share the export-wide fixes and losses and those of shared schemas (thousands
 * on large APIs), and serializing them again for each package cost more than the rest of the package.
 */
import type { JsonValue } from '../../types.ts';
import type { ExportReport } from './types.ts';

/** Separator of two elements of report.json's `fixes` or `losses` array. */
const SEPARATOR = ',\n    ';
/**
 * Where an element (an object) follows another in `entriesText`: lines inside an element are indented further,
 * and strings never hold a raw newline, so this is found only between elements.
 */
const ENTRY_START = `${SEPARATOR}{`;

/** `JSON.stringify(entry, null, 2)` as it appears inside report.json's `fixes` or `losses` array (4-space base indent). */
export function entryText(entry: object): string {
  return indent(JSON.stringify(entry, null, 2), '    ');
}

/** `JSON.stringify` output nested deeper: its strings never hold a raw newline, so this is exact. */
function indent(text: string, by: string): string {
  return text.replaceAll('\n', `\n${by}`);
}

interface Segment<T> {
  /**
   * What the entries concern: a path (`/pets`), a component (`definitions/Pet`: any key without a leading slash), or
   * null for a run of entries that concern every package.
   */
  scope: string | null;
  /** A path scope without its query string (a `--fix` turns `/items?type=a` into `/items` with a parameter). */
  bareScope: string | null;
  entries: T[];
  /** The entries' texts joined by the array separator, made once. */
  text: string;
}

/** Entries (fixes, losses) and their serialized text, as selected for one package. */
export interface Selection<T> {
  entries: T[];
  /** The array's elements as report.json writes them (without the brackets); '' when there are none. */
  text: string;
}

/** An export's fixes or losses, cut into runs by what they concern: every package, one path or one component. */
export class PackageEntries<T extends { pointer: string }> {
  readonly #segments: Segment<T>[] = [];

  /**
   * `scopeOf` gives what an entry's pointer concerns: a path (with its leading slash), a component key (without
   * one), or null when it concerns every package.
   */
  constructor(entries: readonly T[], scopeOf: (pointer: string) => string | null) {
    for (const entry of entries) {
      const scope = scopeOf(entry.pointer);
      const last = this.#segments[this.#segments.length - 1];
      if (last !== undefined && last.scope === scope) last.entries.push(entry);
      else {
        const bareScope = scope?.startsWith('/') ? (scope.split('?')[0] ?? scope) : scope;
        this.#segments.push({ scope, bareScope, entries: [entry], text: '' });
      }
    }
    // One `JSON.stringify` of all the entries, cut into the segments' texts (thousands of segments on large APIs).
    const text = this.#segments.length === 0 ? '' : entriesText(entries);
    let start = 0;
    for (const segment of this.#segments) {
      let end = start;
      for (let i = 0; i < segment.entries.length; i++) {
        const next = text.indexOf(ENTRY_START, end + 1);
        end = next < 0 ? text.length : next;
      }
      segment.text = text.slice(start, end);
      start = end + SEPARATOR.length;
    }
  }

  /**
   * The entries (in export order) that concern a package holding `scopes` (its paths and component keys), with their
   * text for report.json: those of every package, and those whose scope, or path without its query string, it holds.
   */
  select(scopes: ReadonlySet<string>): Selection<T> {
    const lists: T[][] = [];
    let text = '';
    for (const segment of this.#segments) {
      if (segment.scope !== null && !scopes.has(segment.scope) && !scopes.has(segment.bareScope!)) continue;
      lists.push(segment.entries);
      text = text === '' ? segment.text : text + SEPARATOR + segment.text;
    }
    return { entries: ([] as T[]).concat(...lists), text };
  }
}

/**
 * The `entryText`s of `entries` joined by the array separator, from one `JSON.stringify` of the whole list as the
 * member of an object (which nests it as report.json does): `{\n  "list": [\n    ` + exactly that + `\n  ]\n}`.
 */
function entriesText(entries: readonly object[]): string {
  return JSON.stringify({ list: entries }, null, 2).slice('{\n  "list": [\n    '.length, -'\n  ]\n}'.length);
}

/** Adds one entry at the end of a selection. */
export function appendEntry<T extends object>(selection: Selection<T>, entry: T): void {
  selection.entries.push(entry);
  selection.text = selection.text === '' ? entryText(entry) : selection.text + SEPARATOR + entryText(entry);
}

/** Exactly `serializeJson(report)` (2-space indent, newline at the end), given its fixes' and losses' texts. */
export function serializeReport(report: ExportReport, fixesText: string, lossesText: string): string {
  const member = (value: unknown) => indent(JSON.stringify(value as JsonValue, null, 2), '  ');
  const list = (length: number, text: string) => (length === 0 ? '[]' : `[\n    ${text}\n  ]`);
  return `{\n  "findings": ${member(report.findings)},\n  "fixes": ${list(report.fixes.length, fixesText)},\n  "losses": ${list(report.losses.length, lossesText)},\n  "stats": ${member(report.stats)},\n  "importable": ${member(report.importable)}\n}\n`;
}
