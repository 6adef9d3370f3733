/** Lists the effective parameters of a Swagger 2.0 operation, with the pointers where they live. */

import { memoized } from '../../memo.ts';
import { childPointer, isObject } from '../../pointer.ts';
import type { JsonObject } from '../../types.ts';
import type { OperationRef } from '../../walk.ts';
import { deref } from './refs.ts';

export interface ParameterRef {
  /** The parameter object (after following `$ref`). */
  parameter: JsonObject;
  /** Where the parameter object lives (the `$ref` target when referenced). */
  pointer: string;
  /** Where it is listed (an item of the operation's or path item's `parameters`). */
  usePointer: string;
  /** True when the parameter comes from the path item rather than the operation. */
  fromPathItem: boolean;
}

/**
 * Effective parameters: the operation's own plus the path item's that it does not override (by name + in).
 * Inside `withDocumentMemo` (several rules ask for every operation's) each list is made once.
 */
export function operationParameters(document: JsonObject, op: OperationRef): ParameterRef[] {
  const cache = memoized('operationParameters', document, () => new WeakMap<OperationRef, ParameterRef[]>());
  let found = cache.get(op);
  if (found === undefined) {
    found = listOperationParameters(document, op);
    cache.set(op, found);
  }
  return found;
}

function listOperationParameters(document: JsonObject, op: OperationRef): ParameterRef[] {
  const own = listParameters(document, op.operation.parameters, childPointer(op.pointer, 'parameters'), false);
  const pathItemPointer = op.pointer.slice(0, op.pointer.lastIndexOf('/'));
  const shared = listParameters(document, op.pathItem.parameters, childPointer(pathItemPointer, 'parameters'), true);
  const key = (p: JsonObject) => `${String(p.in)}\u0000${String(p.name)}`;
  const ownKeys = new Set(own.map((p) => key(p.parameter)));
  return [...shared.filter((p) => !ownKeys.has(key(p.parameter))), ...own];
}

function listParameters(
  document: JsonObject,
  list: unknown,
  listPointer: string,
  fromPathItem: boolean,
): ParameterRef[] {
  if (!Array.isArray(list)) return [];
  const out: ParameterRef[] = [];
  list.forEach((item, index) => {
    const usePointer = childPointer(listPointer, index);
    const { value, pointer } = deref(document, item, usePointer);
    if (isObject(value)) out.push({ parameter: value, pointer, usePointer, fromPathItem });
  });
  return out;
}
