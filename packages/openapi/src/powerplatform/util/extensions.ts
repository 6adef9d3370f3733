/** Finds `x-ms-*` extensions anywhere in a document, skipping example payloads and name maps. */

import { memoized } from '../../memo.ts';
import { childPointer, isObject } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';

export interface ExtensionRef {
  name: string;
  value: JsonValue;
  /** Pointer of the extension itself. */
  pointer: string;
  /** The object that carries it, and that object's pointer. */
  owner: JsonObject;
  ownerPointer: string;
  /** The key under which the owner sits in its parent (`get`, `properties`…), for location checks. */
  ownerKey: string | undefined;
}

/** Keys whose values are literal data (examples, defaults) — never searched for extensions. */
const DATA_KEYS = new Set(['example', 'examples', 'default', 'enum', 'x-example']);
/** Keys whose values map user-chosen names to objects: the names are not extensions. */
const NAME_MAPS = new Set([
  'properties',
  'definitions',
  'securityDefinitions',
  'scopes',
  'headers',
  'patternProperties',
]);

/** Lists every `x-ms-*` key with its value and owner; does not descend into extension values. */
export function eachMsExtension(document: JsonObject): ExtensionRef[] {
  return memoized('eachMsExtension', document, () => listMsExtensions(document));
}

function listMsExtensions(document: JsonObject): ExtensionRef[] {
  const out: ExtensionRef[] = [];
  const walk = (node: JsonValue, pointer: string, ownerKey: string | undefined, namesOnly: boolean) => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) walk(node[i]!, `${pointer}/${i}`, ownerKey, false);
      return;
    }
    if (!isObject(node)) return;
    for (const key in node) {
      const value = node[key]!;
      if (!namesOnly && key.startsWith('x-ms-')) {
        out.push({
          name: key,
          value,
          pointer: childPointer(pointer, key),
          owner: node,
          ownerPointer: pointer,
          ownerKey,
        });
        continue;
      }
      // Only objects and arrays can hold extensions: skip the rest before building their pointer.
      if (value === null || typeof value !== 'object') continue;
      if (!namesOnly && DATA_KEYS.has(key)) continue;
      const isNameMap =
        !namesOnly && (NAME_MAPS.has(key) || (pointer === '' && (key === 'parameters' || key === 'responses')));
      walk(value, childPointer(pointer, key), key, isNameMap);
    }
  };
  walk(document, '', undefined, false);
  return out;
}
