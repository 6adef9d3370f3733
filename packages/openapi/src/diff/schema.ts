/**
 * Structural comparison of two schemas from the point of view of a client that sends (request, parameter) or
 * reads (response) data. Each pair of schemas (a `$ref` target or an inline schema's place, on both sides) is
 * compared once and memoised; a pair met again while it is being compared is a cycle and contributes nothing,
 * so recursion is always bounded.
 */
import { isObject } from '../pointer.ts';
import type { JsonObject, JsonValue } from '../types.ts';
import type { ChangeKind } from './kinds.ts';
import type { Place } from './locate.ts';
import { describeType, resolveSite, type SchemaSite, type SchemaView, viewOf } from './schema-view.ts';

export type { SchemaSite } from './schema-view.ts';

/** Which way the data flows: the client sends a request body or a parameter, or reads a response. */
export type Direction = 'request' | 'parameter' | 'response';

export interface SchemaChange {
  kind: ChangeKind;
  /** Property path below the compared root: `owner.login`, `labels[]`, `` for the root itself. */
  path: string;
  oldPlace: Place;
  newPlace: Place;
  /** What happened, as the end of a sentence: `was removed`, `changed type from string to integer`. */
  text: string;
}

const MAX_DEPTH = 256;

interface Frame {
  key: string;
  /** Met an enclosing pair again: the result is partial and must not be memoised. */
  partial: boolean;
}

/** Compares schemas of one old and one new normalised document; reuse one instance for a whole diff. */
export class SchemaComparer {
  private readonly memo = new Map<string, SchemaChange[]>();
  private readonly stack: Frame[] = [];

  constructor(
    private readonly oldDocument: JsonObject,
    private readonly newDocument: JsonObject,
  ) {}

  /** The changes between two schema sites, paths relative to them. */
  compare(oldSite: SchemaSite, newSite: SchemaSite, direction: Direction): SchemaChange[] {
    return this.sites(oldSite, newSite, direction, 0);
  }

  private sites(oldSite: SchemaSite, newSite: SchemaSite, direction: Direction, depth: number): SchemaChange[] {
    if (depth > MAX_DEPTH) return [];
    // Inline schemas are keyed by their place: merged `allOf` / single-branch members can lead back to them.
    const key = `${direction}\u0000${siteKey(oldSite)}\u0000${siteKey(newSite)}`;
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    const open = this.stack.findIndex((frame) => frame.key === key);
    if (open >= 0) {
      for (const frame of this.stack.slice(open + 1)) frame.partial = true;
      return [];
    }
    const frame: Frame = { key, partial: false };
    this.stack.push(frame);
    const changes = this.views(oldSite, newSite, direction, depth);
    this.stack.pop();
    if (!frame.partial) this.memo.set(key, changes);
    return changes;
  }

  private views(oldSite: SchemaSite, newSite: SchemaSite, direction: Direction, depth: number): SchemaChange[] {
    const before = viewOf(this.oldDocument, oldSite);
    const after = viewOf(this.newDocument, newSite);
    if (before === undefined || after === undefined) return [];
    const out: SchemaChange[] = [];
    const add = (kind: ChangeKind, text: string, oldPlace = before.place, newPlace = after.place) =>
      out.push({ kind, path: '', oldPlace, newPlace, text });
    if (typeChanged(before, after, direction)) {
      add(typeKind(direction), `changed type from ${describeType(before)} to ${describeType(after)}`);
      return out;
    }
    if (direction === 'response' && !before.nullable && after.nullable) {
      add('response-property-became-nullable', 'can now be null');
    }
    this.enums(before, after, direction, add);
    for (const key of ['oneOf', 'anyOf'] as const) this.composition(before, after, key, direction, depth, out);
    this.properties(before, after, direction, depth, out);
    const nest = (oldChild: SchemaSite | undefined, newChild: SchemaSite | undefined, prefix: string) => {
      if (oldChild === undefined || newChild === undefined) return;
      for (const change of this.sites(oldChild, newChild, direction, depth + 1)) {
        out.push({ ...change, path: joinPath(prefix, change.path) });
      }
    };
    nest(before.items, after.items, '[]');
    nest(before.additionalProperties, after.additionalProperties, '*');
    return out;
  }

  private enums(
    before: SchemaView,
    after: SchemaView,
    direction: Direction,
    add: (kind: ChangeKind, text: string) => void,
  ): void {
    const newEnum = enumOf(after);
    const oldEnum = enumOf(before);
    if (newEnum === undefined) return;
    const newValues = new Set(newEnum.map((value) => JSON.stringify(value)));
    if (oldEnum === undefined) {
      if (direction !== 'response') add('enum-value-removed-input', `now accepts only ${list(newEnum)}`);
      return;
    }
    const oldValues = new Set(oldEnum.map((value) => JSON.stringify(value)));
    const removed = oldEnum.filter((value) => !newValues.has(JSON.stringify(value)));
    const added = newEnum.filter((value) => !oldValues.has(JSON.stringify(value)));
    const input = direction !== 'response';
    if (removed.length > 0) {
      add(
        input ? 'enum-value-removed-input' : 'enum-value-removed-output',
        `no longer ${input ? 'accepts' : 'returns'} ${plural(removed.length, 'the value', 'the values')} ${list(removed)}`,
      );
    }
    if (added.length > 0) {
      add(
        input ? 'enum-value-added-input' : 'enum-value-added-output',
        `${input ? 'now accepts' : 'can now return'} ${plural(added.length, 'the value', 'the values')} ${list(added)}`,
      );
    }
  }

  private composition(
    before: SchemaView,
    after: SchemaView,
    key: 'oneOf' | 'anyOf',
    direction: Direction,
    depth: number,
    out: SchemaChange[],
  ): void {
    const oldList = before[key];
    const newList = after[key];
    if (oldList === undefined && newList === undefined) return;
    if (oldList === undefined || newList === undefined || oldList.length !== newList.length) {
      out.push({
        kind: 'schema-composition-changed',
        path: '',
        oldPlace: before.place,
        newPlace: after.place,
        text: `changed its ${key} from ${oldList?.length ?? 0} to ${newList?.length ?? 0} alternatives`,
      });
      return;
    }
    oldList.forEach((oldBranch, index) => {
      const newBranch = newList[index];
      if (newBranch !== undefined) out.push(...this.sites(oldBranch, newBranch, direction, depth + 1));
    });
  }

  private properties(
    before: SchemaView,
    after: SchemaView,
    direction: Direction,
    depth: number,
    out: SchemaChange[],
  ): void {
    if (!before.describesProperties && !after.describesProperties) return;
    const input = direction !== 'response';
    const visible = (document: JsonObject, site: SchemaSite) => {
      const resolved = resolveSite(document, site)?.node;
      return !(isObject(resolved) && resolved[input ? 'readOnly' : 'writeOnly'] === true);
    };
    for (const [name, oldSite] of before.properties) {
      if (!visible(this.oldDocument, oldSite)) continue;
      const newSite = after.properties.get(name);
      if (newSite === undefined || !visible(this.newDocument, newSite)) {
        out.push({
          kind: input ? 'request-property-removed' : 'response-property-removed',
          path: name,
          oldPlace: oldSite.place,
          newPlace: after.place,
          text: 'was removed',
        });
        continue;
      }
      const wasRequired = before.required.has(name);
      const isRequired = after.required.has(name);
      if (wasRequired !== isRequired) {
        const kind: ChangeKind = input
          ? isRequired
            ? 'request-property-became-required'
            : 'request-property-became-optional'
          : isRequired
            ? 'response-property-became-required'
            : 'response-property-became-optional';
        out.push({
          kind,
          path: name,
          oldPlace: oldSite.place,
          newPlace: newSite.place,
          text: isRequired ? 'became required' : 'became optional',
        });
      }
      for (const change of this.sites(oldSite, newSite, direction, depth + 1)) {
        out.push({ ...change, path: joinPath(name, change.path) });
      }
    }
    for (const [name, newSite] of after.properties) {
      if (before.properties.has(name) && visible(this.oldDocument, before.properties.get(name)!)) continue;
      if (!visible(this.newDocument, newSite)) continue;
      const required = after.required.has(name);
      const kind: ChangeKind = !input
        ? 'response-property-added'
        : required
          ? 'request-property-added-required'
          : 'request-property-added-optional';
      out.push({
        kind,
        path: name,
        oldPlace: before.place,
        newPlace: newSite.place,
        text: input ? `was added as ${required ? 'a required' : 'an optional'} property` : 'was added',
      });
    }
  }
}

/** The enum values, without a `null` that `nullable` already allows (3.1 documents list it only once). */
function enumOf(view: SchemaView): JsonValue[] | undefined {
  return view.enum?.filter((value) => !(value === null && view.nullable));
}

function siteKey(site: SchemaSite): string {
  return isObject(site.node) && typeof site.node.$ref === 'string' ? site.node.$ref : `@${site.place.join('/')}`;
}

/** A different type or format; widening an input (integer → number) or narrowing an output is not a change. */
function typeChanged(before: SchemaView, after: SchemaView, direction: Direction): boolean {
  if (before.type !== undefined && after.type !== undefined && before.type !== after.type) {
    const widened = before.type === 'integer' && after.type === 'number';
    const narrowed = before.type === 'number' && after.type === 'integer';
    return direction === 'response' ? !narrowed : !widened;
  }
  return before.format !== undefined && after.format !== undefined && before.format !== after.format;
}

function typeKind(direction: Direction): ChangeKind {
  if (direction === 'parameter') return 'parameter-type-changed';
  return direction === 'request' ? 'request-property-type-changed' : 'response-property-type-changed';
}

/** `owner` + `login` → `owner.login`; `labels` + `[]` → `labels[]`. */
export function joinPath(prefix: string, rest: string): string {
  if (rest === '') return prefix;
  if (prefix === '') return rest;
  return rest.startsWith('[') ? `${prefix}${rest}` : `${prefix}.${rest}`;
}

function list(values: JsonValue[]): string {
  const shown = values.slice(0, 10).map((value) => JSON.stringify(value));
  return values.length > 10 ? `${shown.join(', ')} and ${values.length - 10} more` : shown.join(', ');
}

function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}
