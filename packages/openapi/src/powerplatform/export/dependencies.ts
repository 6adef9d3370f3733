/**
 * Operations that other operations call at design time (x-ms-dynamic-*, x-ms-notification, the
 * document's x-ms-capabilities): a package that keeps a caller must keep its callees, or Power
 * Platform rejects the reference.
 */

import { memoized } from '../../memo.ts';
import { getAt, isObject } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';
import { eachOperation, type OperationRef } from '../../walk.ts';
import { refPointer } from '../util/refs.ts';

const CALLERS = new Set([
  'x-ms-dynamic-values',
  'x-ms-dynamic-list',
  'x-ms-dynamic-schema',
  'x-ms-dynamic-properties',
  'x-ms-dynamic-tree',
  'x-ms-notification',
  'x-ms-capabilities',
  'x-ms-operation-context',
]);

/** operationIds named anywhere inside `value` (an extension value). */
function operationIdsIn(value: JsonValue, out: Set<string>): void {
  if (Array.isArray(value)) for (const item of value) operationIdsIn(item, out);
  else if (isObject(value)) {
    if (typeof value.operationId === 'string') out.add(value.operationId);
    for (const child of Object.values(value)) operationIdsIn(child, out);
  }
}

/** What one node calls directly: operationIds in its extensions, and the `$ref` targets it holds (not followed). */
interface DirectCalls {
  ids: Set<string>;
  refs: string[];
}

/** Walks `root` without following `$ref`s (each target is walked once, as its own node). */
function directCalls(root: JsonValue): DirectCalls {
  const ids = new Set<string>();
  const refs: string[] = [];
  const stack: JsonValue[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
      continue;
    }
    if (!isObject(node)) continue;
    for (const key in node) {
      const value = node[key]!;
      if (CALLERS.has(key)) operationIdsIn(value, ids);
      else if (key === '$ref' && typeof value === 'string') {
        const target = refPointer(value);
        if (target !== undefined) refs.push(target);
      } else if (value !== null && typeof value === 'object') stack.push(value);
    }
  }
  return { ids, refs };
}

/**
 * `directCalls` of a node; inside `withDocumentMemo` each operation and each `$ref` target is walked once for
 * the whole export (a schema used by many operations of many packages is not walked again for each).
 */
function directCallsOf(document: JsonObject, node: JsonValue): DirectCalls {
  if (node === null || typeof node !== 'object') return { ids: new Set(), refs: [] };
  const cache = memoized('directCalls', document, () => new WeakMap<object, DirectCalls>());
  let found = cache.get(node);
  if (found === undefined) {
    found = directCalls(node);
    cache.set(node, found);
  }
  return found;
}

/** `operations` plus every operation they (transitively) call at design time, in document order. */
export function withDependencies(document: JsonObject, operations: OperationRef[]): OperationRef[] {
  const all = memoized('eachOperation', document, () => eachOperation(document));
  const byId = memoized(
    'operationsById',
    document,
    () =>
      new Map(
        all
          .filter((op) => typeof op.operation.operationId === 'string')
          .map((op) => [op.operation.operationId as string, op]),
      ),
  );
  const chosen = new Set(operations.map((op) => op.operation));
  // Each reached node (operation, or `$ref` target, each target once) adds its callees: a set union, so the
  // order of the walk does not change the result.
  const seenRefs = new Set<string>();
  const queue: JsonValue[] = [...operations.map((op) => op.operation)];
  if (document['x-ms-capabilities'] !== undefined) queue.push({ 'x-ms-capabilities': document['x-ms-capabilities'] });
  while (queue.length > 0) {
    const { ids, refs } = directCallsOf(document, queue.pop()!);
    for (const id of ids) {
      const callee = byId.get(id);
      if (callee === undefined || chosen.has(callee.operation)) continue;
      chosen.add(callee.operation);
      queue.push(callee.operation);
    }
    for (const target of refs) {
      if (seenRefs.has(target)) continue;
      seenRefs.add(target);
      const resolved = getAt(document, target);
      if (resolved !== undefined) queue.push(resolved);
    }
  }
  return all.filter((op) => chosen.has(op.operation));
}
