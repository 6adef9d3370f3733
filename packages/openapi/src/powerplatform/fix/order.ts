/** Puts the keys fixes add in their conventional place, so fixed definitions read like hand-written ones. */

import { ROOT_ORDER_V2 } from '../../convert/order.ts';
import { isObject } from '../../pointer.ts';
import type { JsonObject } from '../../types.ts';
import type { OperationRef } from '../../walk.ts';

const OPERATION_ORDER = [
  'tags',
  'summary',
  'description',
  'operationId',
  'consumes',
  'produces',
  'parameters',
  'responses',
];

/** True when the keys of `object` follow `order` (unknown keys last). */
function inOrder(object: JsonObject, order: readonly string[]): boolean {
  let last = 0;
  for (const key in object) {
    const i = order.indexOf(key);
    const rank = i < 0 ? order.length : i;
    if (rank < last) return false;
    last = rank;
  }
  return true;
}

/** A copy of `object` with the keys of `order` first, in that order, then the others as they were (a stable sort). */
function ordered(object: JsonObject, order: readonly string[]): JsonObject {
  const copy: JsonObject = {};
  for (const key of order) if (Object.hasOwn(object, key)) copy[key] = object[key]!;
  for (const key in object) if (!order.includes(key)) copy[key] = object[key]!;
  return copy;
}

/** Orders the root and every operation's well-known keys (stable for everything else). */
export function orderDocument(document: JsonObject, operations: readonly OperationRef[]): void {
  if (!inOrder(document, ROOT_ORDER_V2)) rewrite(document, ordered(document, ROOT_ORDER_V2));
  // An operation out of order is replaced by an ordered copy: cheaper than deleting and adding back every key.
  for (const op of operations) {
    if (!isObject(op.operation) || inOrder(op.operation, OPERATION_ORDER)) continue;
    const copy = ordered(op.operation, OPERATION_ORDER);
    if (op.pathItem[op.method] === op.operation) op.pathItem[op.method] = copy;
    else rewrite(op.operation, copy);
  }
}

/** Gives `object` the keys of `copy`, in their order. */
function rewrite(object: JsonObject, copy: JsonObject): void {
  for (const key in copy) delete object[key];
  Object.assign(object, copy);
}
