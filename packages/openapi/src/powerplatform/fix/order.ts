/** Puts the keys fixes add in their conventional place, so fixed definitions read like hand-written ones. */

import { ROOT_ORDER_V2 } from '../../convert/order.ts';
import { isObject } from '../../pointer.ts';
import type { JsonObject } from '../../types.ts';
import { eachOperation } from '../../walk.ts';

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

function reorder(object: JsonObject, order: readonly string[]): void {
  const entries = Object.entries(object);
  const rank = (key: string) => {
    const i = order.indexOf(key);
    return i < 0 ? order.length : i;
  };
  entries.sort((a, b) => rank(a[0]) - rank(b[0]));
  for (const [key] of entries) delete object[key];
  for (const [key, value] of entries) object[key] = value;
}

/** Orders the root and every operation's well-known keys (stable for everything else). */
export function orderDocument(document: JsonObject): void {
  reorder(document, ROOT_ORDER_V2);
  for (const op of eachOperation(document)) if (isObject(op.operation)) reorder(op.operation, OPERATION_ORDER);
}
