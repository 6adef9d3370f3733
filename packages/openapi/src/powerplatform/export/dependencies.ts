/**
 * Operations that other operations call at design time (x-ms-dynamic-*, x-ms-notification, the
 * document's x-ms-capabilities): a package that keeps a caller must keep its callees, or Power
 * Platform rejects the reference.
 */
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

/** operationIds that `root` (and every component it reaches through `$ref`) calls. */
function calledOperations(document: JsonObject, root: JsonValue, seenRefs: Set<string>): Set<string> {
  const out = new Set<string>();
  const stack: JsonValue[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    if (!isObject(node)) continue;
    for (const [key, value] of Object.entries(node)) {
      if (CALLERS.has(key)) operationIdsIn(value, out);
      else if (key === '$ref' && typeof value === 'string') {
        const target = refPointer(value);
        if (target !== undefined && !seenRefs.has(target)) {
          seenRefs.add(target);
          const resolved = getAt(document, target);
          if (resolved !== undefined) stack.push(resolved);
        }
      } else if (value !== null && typeof value === 'object') stack.push(value);
    }
  }
  return out;
}

/** `operations` plus every operation they (transitively) call at design time, in document order. */
export function withDependencies(document: JsonObject, operations: OperationRef[]): OperationRef[] {
  const all = eachOperation(document);
  const byId = new Map(
    all
      .filter((op) => typeof op.operation.operationId === 'string')
      .map((op) => [op.operation.operationId as string, op]),
  );
  const chosen = new Set(operations.map((op) => op.operation));
  const seenRefs = new Set<string>();
  const queue: JsonValue[] = [...operations.map((op) => op.operation as JsonValue)];
  if (document['x-ms-capabilities'] !== undefined) queue.push({ 'x-ms-capabilities': document['x-ms-capabilities'] });
  while (queue.length > 0) {
    for (const id of calledOperations(document, queue.pop()!, seenRefs)) {
      const callee = byId.get(id);
      if (callee === undefined || chosen.has(callee.operation)) continue;
      chosen.add(callee.operation);
      queue.push(callee.operation);
    }
  }
  return all.filter((op) => chosen.has(op.operation));
}
