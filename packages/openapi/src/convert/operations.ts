/** Lists the operations of a document's `paths` (path items inline, as the converter sees them). */
import { childPointer, isObject } from '../pointer.ts';
import type { JsonObject } from '../types.ts';
import { HTTP_METHODS, type HttpMethod } from '../walk.ts';

export interface OperationSite {
  path: string;
  method: HttpMethod;
  operation: JsonObject;
  pathItem: JsonObject;
  pointer: string;
}

/** Every operation under `paths` whose path item is inline (3.x and 2.0 alike). */
export function eachOperationV3(document: JsonObject): OperationSite[] {
  const out: OperationSite[] = [];
  if (!isObject(document.paths)) return out;
  for (const [path, pathItem] of Object.entries(document.paths)) {
    if (!isObject(pathItem)) continue;
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (isObject(operation))
        out.push({ path, method, operation, pathItem, pointer: childPointer('/paths', path, method) });
    }
  }
  return out;
}
