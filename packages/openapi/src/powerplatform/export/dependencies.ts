/**
 * Operations that other operations call at design time (x-ms-dynamic-*, x-ms-notification, the
 * document's x-ms-capabilities): a package that keeps a caller must keep its callees, or Power
 * Platform rejects the reference.
 */

import { memoized } from '../../memo.ts';
import { getAt, isObject, parsePointer } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';
import { eachOperation, type OperationRef } from '../../walk.ts';
import { CALLERS, sharedPartFacts } from '../util/facts.ts';
import { refPointer } from '../util/refs.ts';

/** operationIds named anywhere inside `value` (an extension value). */
function operationIdsIn(value: JsonValue, out: Set<string>): void {
  if (Array.isArray(value)) for (const item of value) operationIdsIn(item, out);
  else if (isObject(value)) {
    if (typeof value.operationId === 'string') out.add(value.operationId);
    for (const child of Object.values(value)) operationIdsIn(child, out);
  }
}

/** What one node calls directly: operationIds in its extensions, and the `$ref`s it holds (not followed). */
interface DirectCalls {
  calls: Iterable<string>;
  refs: readonly string[];
}

/** Walks `root` without following `$ref`s (each target is walked once, as its own node). */
function directCalls(root: JsonValue): DirectCalls {
  const calls = new Set<string>();
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
      if (CALLERS.has(key)) operationIdsIn(value, calls);
      else if (key === '$ref' && typeof value === 'string') refs.push(value);
      else if (value !== null && typeof value === 'object') stack.push(value);
    }
  }
  return { calls, refs };
}

/**
 * `directCalls` of a node at `path`: for the parts packages share (operations, component entries), their facts;
 * inside `withDocumentMemo` every other node is walked once for the whole export too.
 */
function directCallsOf(document: JsonObject, node: JsonValue, path: readonly string[] | undefined): DirectCalls {
  const facts = path === undefined ? undefined : sharedPartFacts(node, path);
  if (facts !== undefined) return facts;
  if (node === null || typeof node !== 'object') return { calls: [], refs: [] };
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
  // order of the walk does not change the result. Nodes are queued with their place when it is known.
  const seenRefs = new Set<string>();
  const queue: Array<{ node: JsonValue; path?: readonly string[] }> = operations.map((op) => ({
    node: op.operation,
    path: ['paths', op.path, op.method],
  }));
  if (document['x-ms-capabilities'] !== undefined)
    queue.push({ node: { 'x-ms-capabilities': document['x-ms-capabilities'] } });
  while (queue.length > 0) {
    const { node, path } = queue.pop()!;
    const { calls, refs } = directCallsOf(document, node, path);
    for (const id of calls) {
      const callee = byId.get(id);
      if (callee === undefined || chosen.has(callee.operation)) continue;
      chosen.add(callee.operation);
      queue.push({ node: callee.operation, path: ['paths', callee.path, callee.method] });
    }
    for (const ref of refs) {
      const target = refPointer(ref);
      if (target === undefined || seenRefs.has(target)) continue;
      seenRefs.add(target);
      const tokens = parsePointer(target);
      const resolved = getAt(document, tokens);
      if (resolved !== undefined) queue.push({ node: resolved, path: tokens });
    }
  }
  return all.filter((op) => chosen.has(op.operation));
}
