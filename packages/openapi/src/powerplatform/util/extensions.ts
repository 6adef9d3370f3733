/** Finds `x-ms-*` extensions anywhere in a document, skipping example payloads and name maps. */
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
  const out: ExtensionRef[] = [];
  const walk = (node: JsonValue, pointer: string, ownerKey: string | undefined, namesOnly: boolean) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        walk(item, childPointer(pointer, i), ownerKey, false);
      });
      return;
    }
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const at = childPointer(pointer, key);
      if (!namesOnly && key.startsWith('x-ms-')) {
        out.push({ name: key, value, pointer: at, owner: node, ownerPointer: pointer, ownerKey });
        continue;
      }
      if (!namesOnly && DATA_KEYS.has(key)) continue;
      const isNameMap =
        !namesOnly && (NAME_MAPS.has(key) || (pointer === '' && (key === 'parameters' || key === 'responses')));
      walk(value, at, key, isNameMap);
    }
  };
  walk(document, '', undefined, false);
  return out;
}
