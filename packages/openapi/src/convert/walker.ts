/**
 * The shared walker of conversion passes: finds every schema of a document (3.x or 2.0) and every
 * subschema below it, iteratively and once per object, so deep or circular documents are safe.
 */
import { escapeToken, isObject } from '../pointer.ts';
import { ARRAY_SUBSCHEMA_KEYWORDS, MAP_SUBSCHEMA_KEYWORDS, SINGLE_SUBSCHEMA_KEYWORDS } from '../schema-keywords.ts';
import type { JsonObject, JsonValue, OasVersion } from '../types.ts';
import { HTTP_METHODS } from '../walk.ts';

/** Appends tokens to a pointer; escapes only tokens that need it (this runs for every schema node). */
export function childPointer(pointer: string, ...tokens: Array<string | number>): string {
  let out = pointer;
  for (const token of tokens) {
    const text = String(token);
    out += `/${text.includes('~') || text.includes('/') ? escapeToken(text) : text}`;
  }
  return out;
}

/** Where a schema lives: `parent[key]`, so a visitor can replace it. */
export interface Slot {
  parent: JsonObject | JsonValue[];
  key: string | number;
  pointer: string;
}

/** Reads the value in a slot. */
export function slotValue(slot: Slot): JsonValue | undefined {
  return (slot.parent as Record<string | number, JsonValue | undefined>)[slot.key];
}

/** Writes the value in a slot. */
export function setSlot(slot: Slot, value: JsonValue): void {
  (slot.parent as Record<string | number, JsonValue>)[slot.key] = value;
}

/** The slots of the direct subschemas of a schema object. */
export function subschemaSlots(schema: JsonObject, pointer: string): Slot[] {
  const out: Slot[] = [];
  for (const key of SINGLE_SUBSCHEMA_KEYWORDS) {
    const value = schema[key];
    if (isObject(value) || typeof value === 'boolean') {
      if (key === 'additionalProperties' && typeof value === 'boolean') continue;
      out.push({ parent: schema, key, pointer: childPointer(pointer, key) });
    } else if (key === 'items' && Array.isArray(value)) {
      value.forEach((_, i) => {
        out.push({ parent: value, key: i, pointer: childPointer(pointer, key, i) });
      });
    }
  }
  for (const key of MAP_SUBSCHEMA_KEYWORDS) {
    const map = schema[key];
    if (!isObject(map)) continue;
    for (const name of Object.keys(map))
      out.push({ parent: map, key: name, pointer: childPointer(pointer, key, name) });
  }
  for (const key of ARRAY_SUBSCHEMA_KEYWORDS) {
    const list = schema[key];
    if (!Array.isArray(list)) continue;
    list.forEach((_, i) => {
      out.push({ parent: list, key: i, pointer: childPointer(pointer, key, i) });
    });
  }
  return out;
}

/**
 * Visits every schema reachable from the slots, parents before children. The visitor may replace the
 * schema in its slot; the walker then descends into whatever is there. Each object is visited once.
 */
export function walkSchemaSlots(roots: Slot[], visit: (slot: Slot) => void, visited = new Set<object>()): void {
  const stack = roots.slice().reverse();
  while (stack.length > 0) {
    const slot = stack.pop()!;
    const before = slotValue(slot);
    if (isObject(before)) {
      if (visited.has(before)) continue;
      visited.add(before);
    }
    visit(slot);
    const node = slotValue(slot);
    if (!isObject(node)) continue;
    visited.add(node);
    const children = subschemaSlots(node, slot.pointer);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

/** Visits every schema of a document, parents first. */
export function walkDocumentSchemas(document: JsonObject, version: OasVersion, visit: (slot: Slot) => void): void {
  walkSchemaSlots(version === '2.0' ? schemaRootsV2(document) : schemaRootsV3(document), visit);
}

function mapSlots(map: JsonValue | undefined, pointer: string): Slot[] {
  if (!isObject(map)) return [];
  return Object.keys(map).map((key) => ({ parent: map, key, pointer: childPointer(pointer, key) }));
}

/** The top-level schema slots of an OpenAPI 3.x document. */
export function schemaRootsV3(document: JsonObject): Slot[] {
  const out: Slot[] = [];
  const schemaIn = (holder: JsonValue | undefined, pointer: string): void => {
    if (isObject(holder) && holder.schema !== undefined && typeof holder.$ref !== 'string') {
      out.push({ parent: holder, key: 'schema', pointer: childPointer(pointer, 'schema') });
    }
  };
  const content = (holder: JsonValue | undefined, pointer: string): void => {
    if (!isObject(holder) || !isObject(holder.content)) return;
    for (const [mediaType, media] of Object.entries(holder.content)) {
      const mediaPointer = childPointer(pointer, 'content', mediaType);
      schemaIn(media, mediaPointer);
      if (isObject(media) && isObject(media.encoding)) {
        for (const [name, encoding] of Object.entries(media.encoding)) {
          if (isObject(encoding)) headers(encoding.headers, childPointer(mediaPointer, 'encoding', name, 'headers'));
        }
      }
    }
  };
  const parameterLike = (item: JsonValue | undefined, pointer: string): void => {
    schemaIn(item, pointer);
    content(item, pointer);
  };
  const headers = (map: JsonValue | undefined, pointer: string): void => {
    for (const slot of mapSlots(map, pointer)) parameterLike(slotValue(slot), slot.pointer);
  };
  const response = (item: JsonValue | undefined, pointer: string): void => {
    if (!isObject(item)) return;
    content(item, pointer);
    headers(item.headers, childPointer(pointer, 'headers'));
  };
  const pathItems: Array<[JsonValue | undefined, string]> = [];
  const callbacks = (map: JsonValue | undefined, pointer: string): void => {
    for (const slot of mapSlots(map, pointer)) {
      for (const expr of mapSlots(slotValue(slot), slot.pointer)) pathItems.push([slotValue(expr), expr.pointer]);
    }
  };
  const components = document.components;
  if (isObject(components)) {
    out.push(...mapSlots(components.schemas, '/components/schemas'));
    for (const slot of mapSlots(components.parameters, '/components/parameters')) {
      parameterLike(slotValue(slot), slot.pointer);
    }
    headers(components.headers, '/components/headers');
    for (const slot of mapSlots(components.responses, '/components/responses')) response(slotValue(slot), slot.pointer);
    for (const slot of mapSlots(components.requestBodies, '/components/requestBodies')) {
      content(slotValue(slot), slot.pointer);
    }
    callbacks(components.callbacks, '/components/callbacks');
    for (const slot of mapSlots(components.pathItems, '/components/pathItems')) {
      pathItems.push([slotValue(slot), slot.pointer]);
    }
  }
  for (const slot of mapSlots(document.paths, '/paths')) pathItems.push([slotValue(slot), slot.pointer]);
  for (const slot of mapSlots(document.webhooks, '/webhooks')) pathItems.push([slotValue(slot), slot.pointer]);
  const seenItems = new Set<object>();
  for (let index = 0; index < pathItems.length; index++) {
    const [item, pointer] = pathItems[index]!;
    if (!isObject(item) || seenItems.has(item)) continue;
    seenItems.add(item);
    const params = item.parameters;
    if (Array.isArray(params))
      params.forEach((p, i) => {
        parameterLike(p, childPointer(pointer, 'parameters', i));
      });
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const opPointer = childPointer(pointer, method);
      const opParams = operation.parameters;
      if (Array.isArray(opParams)) {
        opParams.forEach((p, i) => {
          parameterLike(p, childPointer(opPointer, 'parameters', i));
        });
      }
      if (isObject(operation.requestBody) && typeof operation.requestBody.$ref !== 'string') {
        content(operation.requestBody, childPointer(opPointer, 'requestBody'));
      }
      for (const slot of mapSlots(operation.responses, childPointer(opPointer, 'responses'))) {
        const value = slotValue(slot);
        if (isObject(value) && typeof value.$ref !== 'string') response(value, slot.pointer);
      }
      callbacks(operation.callbacks, childPointer(opPointer, 'callbacks'));
    }
  }
  return out;
}

/** The top-level schema slots of a Swagger 2.0 document (body parameters, responses, definitions). */
export function schemaRootsV2(document: JsonObject): Slot[] {
  const out: Slot[] = [...mapSlots(document.definitions, '/definitions')];
  const schemaIn = (holder: JsonValue | undefined, pointer: string): void => {
    if (isObject(holder) && holder.schema !== undefined && typeof holder.$ref !== 'string') {
      out.push({ parent: holder, key: 'schema', pointer: childPointer(pointer, 'schema') });
    }
  };
  for (const slot of mapSlots(document.parameters, '/parameters')) schemaIn(slotValue(slot), slot.pointer);
  for (const slot of mapSlots(document.responses, '/responses')) schemaIn(slotValue(slot), slot.pointer);
  for (const pathSlot of mapSlots(document.paths, '/paths')) {
    const item = slotValue(pathSlot);
    if (!isObject(item)) continue;
    if (Array.isArray(item.parameters)) {
      item.parameters.forEach((p, i) => {
        schemaIn(p, childPointer(pathSlot.pointer, 'parameters', i));
      });
    }
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const opPointer = childPointer(pathSlot.pointer, method);
      if (Array.isArray(operation.parameters)) {
        operation.parameters.forEach((p, i) => {
          schemaIn(p, childPointer(opPointer, 'parameters', i));
        });
      }
      for (const slot of mapSlots(operation.responses, childPointer(opPointer, 'responses'))) {
        schemaIn(slotValue(slot), slot.pointer);
      }
    }
  }
  return out;
}
