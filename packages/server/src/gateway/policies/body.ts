/** Shared helpers of the body-reshaping templates: find the parent objects, read and write sub-paths. */
import type { JsonObject, JsonValue } from '@portico/openapi';
import type { BodyHolder } from '../context.ts';
import { compileSubPath, compileValuePath, readPath, type Segment, type ValuePath } from '../expressions.ts';
import type { PolicyParams } from './types.ts';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A required value path parameter, compiled; throws naming the parameter when it does not parse. */
export function valuePathParam(params: PolicyParams, name: string): ValuePath {
  const text = params.text(name) ?? '';
  const path = compileValuePath(text);
  if (!path) throw new Error(`parameter "${name}" is not a path like @body().items ("${text}")`);
  return path;
}

/** An optional sub-path parameter (`null` or absent = the parent itself). */
export function subPathParam(params: PolicyParams, name: string): Segment[] {
  const text = params.text(name);
  const path = compileSubPath(text);
  if (!path) throw new Error(`parameter "${name}" is not a property path ("${text}")`);
  return path;
}

/** Calls `fn` with each object the parent path points at: every element of an array, or the object itself. */
export function eachParent(holder: BodyHolder, parent: ValuePath, fn: (target: JsonObject) => void): void {
  const value = readPath(holder.json, parent.segments);
  if (Array.isArray(value)) {
    for (const element of value) if (isObject(element)) fn(element);
  } else if (isObject(value)) {
    fn(value);
  }
}

/** Writes `value` at `segments` below `target`, creating objects on the way. */
export function writePath(target: JsonObject, segments: readonly Segment[], value: JsonValue): void {
  let current: JsonObject = target;
  for (const [index, segment] of segments.entries()) {
    const key = String(segment);
    if (index === segments.length - 1) {
      current[key] = value;
      return;
    }
    const next = current[key];
    if (!isObject(next)) current[key] = {};
    current = current[key] as JsonObject;
  }
}

/** Writes a transformed value to `newPropertyPath`: `@item()…` below the current object, `@body()…` below the body. */
export function writeResult(holder: BodyHolder, path: ValuePath, item: JsonObject, value: JsonValue): void {
  if (path.root === 'item') {
    if (path.segments.length === 0) return;
    writePath(item, path.segments, value);
    return;
  }
  if (path.segments.length === 0) {
    holder.json = value;
    return;
  }
  if (!isObject(holder.json)) return;
  writePath(holder.json, path.segments, value);
}

export { isObject, readPath };
