/** Chooses which operations go into which package: include filters, one package per tag, size-bounded parts. */
import { memoized } from '../../memo.ts';
import { isObject } from '../../pointer.ts';
import type { Finding, JsonObject, JsonValue } from '../../types.ts';
import { eachOperation, HTTP_METHODS, type OperationRef } from '../../walk.ts';

export interface SelectOptions {
  includeTags?: string[];
  includeOperations?: string[];
}

/** Operations kept by the include filters (all when none is given), plus findings for names that match nothing. */
export function selectOperations(
  document: JsonObject,
  options: SelectOptions,
): { operations: OperationRef[]; findings: Finding[] } {
  const all = eachOperation(document);
  const findings: Finding[] = [];
  const tags =
    options.includeTags && options.includeTags.length > 0
      ? new Set(options.includeTags.map((t) => t.toLowerCase()))
      : undefined;
  const ids =
    options.includeOperations && options.includeOperations.length > 0 ? new Set(options.includeOperations) : undefined;
  if (!tags && !ids) return { operations: all, findings };
  const operations = all.filter((op) => {
    const opTags = Array.isArray(op.operation.tags) ? op.operation.tags.map((t) => String(t).toLowerCase()) : [];
    const byTag = tags !== undefined && opTags.some((t) => tags.has(t));
    const byId = ids !== undefined && typeof op.operation.operationId === 'string' && ids.has(op.operation.operationId);
    return byTag || byId;
  });
  const knownTags = new Set(
    all.flatMap((op) =>
      Array.isArray(op.operation.tags) ? op.operation.tags.map((t) => String(t).toLowerCase()) : [],
    ),
  );
  for (const tag of options.includeTags ?? []) {
    if (!knownTags.has(tag.toLowerCase())) {
      findings.push({
        rule: 'pp-export-select',
        severity: 'warning',
        message: `No operation has the tag "${tag}".`,
        pointer: '/paths',
        fix: 'Check the tag name (tags are matched case-insensitively).',
      });
    }
  }
  const knownIds = new Set(all.map((op) => op.operation.operationId));
  for (const id of options.includeOperations ?? []) {
    if (!knownIds.has(id)) {
      findings.push({
        rule: 'pp-export-select',
        severity: 'warning',
        message: `No operation has the operationId "${id}".`,
        pointer: '/paths',
        fix: 'Check the operationId (after --fix renames, use the new name).',
      });
    }
  }
  return { operations, findings };
}

/** `Pull Requests` → `pull-requests`: a folder-safe package name. */
export function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s === '' ? 'tag' : s;
}

export interface OperationGroup {
  name: string;
  /** Human label (the tag as written, `Untagged`, plus a part number); used in the connector title of split packages. */
  label?: string;
  operations: OperationRef[];
}

/** Groups operations by their first tag (untagged ones under `untagged`), in document order; names are unique slugs. */
export function groupByTag(operations: OperationRef[]): OperationGroup[] {
  const groups = new Map<string, OperationGroup>();
  for (const op of operations) {
    const first =
      Array.isArray(op.operation.tags) && typeof op.operation.tags[0] === 'string' ? op.operation.tags[0] : undefined;
    const name = first === undefined ? 'untagged' : slug(first);
    const group = groups.get(name) ?? { name, label: first ?? 'Untagged', operations: [] };
    group.operations.push(op);
    groups.set(name, group);
  }
  return [...groups.values()];
}

/** Splits a group into numbered parts of at most `max` operations (`repos-1`, `repos-2`, …); a group within the limit is unchanged. */
export function splitGroup(group: OperationGroup, max: number): OperationGroup[] {
  if (group.operations.length <= max) return [group];
  const parts = Math.ceil(group.operations.length / max);
  const size = Math.ceil(group.operations.length / parts);
  return Array.from({ length: parts }, (_, i) => ({
    name: `${group.name}-${i + 1}`,
    label: `${group.label ?? group.name} ${i + 1}`,
    operations: group.operations.slice(i * size, (i + 1) * size),
  }));
}

/** A document holding only `operations` (sharing, not copying, the original objects), with only the tags they use (when `filterTags`). */
export function subsetDocument(document: JsonObject, operations: OperationRef[], filterTags = true): JsonObject {
  const chosen = new Set<JsonValue>(operations.map((op) => op.operation));
  const paths: JsonObject = {};
  if (isObject(document.paths)) {
    const { items, itemsOf, withoutOperations } = pathItemsOf(document.paths);
    // The path items that hold a chosen operation, and those without operations, in document order: only they are
    // visited (a package of a split holds few of the document's path items).
    const visit = new Set<number>(withoutOperations);
    for (const operation of chosen) {
      const at = itemsOf.get(operation as object);
      if (at !== undefined) for (const index of at) visit.add(index);
    }
    for (const index of [...visit].sort((a, b) => a - b)) {
      const { path, item, keys } = items[index]!;
      const kept: JsonObject = {};
      for (const key of keys) {
        const value = item[key]!;
        if (!OPERATION_KEYS.has(key) || chosen.has(value)) kept[key] = value;
      }
      paths[path] = kept;
    }
  }
  const out: JsonObject = { ...document, paths };
  if (filterTags && Array.isArray(document.tags)) {
    const used = new Set(
      operations.flatMap((op) => (Array.isArray(op.operation.tags) ? op.operation.tags.map(String) : [])),
    );
    out.tags = document.tags.filter((t) => isObject(t) && used.has(String(t.name)));
  }
  return out;
}

const OPERATION_KEYS = new Set<string>(HTTP_METHODS);

interface PathItemKeys {
  path: string;
  item: JsonObject;
  keys: string[];
}

interface PathItems {
  /** The path items of `paths` (objects only) with their keys, in document order. */
  items: PathItemKeys[];
  /** For each object a member of an item with operations, the indexes of the items that hold it. */
  itemsOf: Map<object, number[]>;
  /** Indexes of the items without operations (e.g. webhook `x-ms-notification-content`): they travel with every package. */
  withoutOperations: number[];
}

/** The path items of `paths`, listed once per memo (every package of a split reads them). */
function pathItemsOf(paths: JsonObject): PathItems {
  return memoized('pathItems', paths, () => {
    const items: PathItemKeys[] = [];
    const itemsOf = new Map<object, number[]>();
    const withoutOperations: number[] = [];
    for (const [path, item] of Object.entries(paths)) {
      if (!isObject(item)) continue;
      const index = items.length;
      const keys = Object.keys(item);
      items.push({ path, item, keys });
      if (!keys.some((key) => OPERATION_KEYS.has(key))) {
        withoutOperations.push(index);
        continue;
      }
      // Every member counts (as `chosen.has(item[key])` for any key would), not only the operations.
      for (const key of keys) {
        const value = item[key];
        if (value === null || typeof value !== 'object') continue;
        const at = itemsOf.get(value);
        if (at === undefined) itemsOf.set(value, [index]);
        else if (at[at.length - 1] !== index) at.push(index);
      }
    }
    return { items, itemsOf, withoutOperations };
  });
}
