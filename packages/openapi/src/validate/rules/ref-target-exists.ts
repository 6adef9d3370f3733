/** Every internal `$ref` (`#/…`) points at something that exists, without going round in a circle. */
import { childPointer, isObject } from '../../pointer.ts';
import type { JsonValue } from '../../types.ts';
import { followRef } from '../helpers.ts';
import type { Rule } from '../rule.ts';

/** Keys whose values are example data, not OpenAPI objects: a `$ref` inside them is just data. */
const DATA_KEYS = new Set(['example', 'enum', 'default', 'const', 'x-ms-test-value']);

export const refTargetExists: Rule = {
  id: 'ref-target-exists',
  description: 'Every internal $ref resolves.',
  check({ document, version, report }) {
    let anchors: Set<string> | undefined;
    // Whether a `#/…` reference resolves depends on its text only, and the same few thousand recur everywhere.
    const targets = new Map<string, ReturnType<typeof followRef>>();
    const stack: Array<[JsonValue, string]> = [[document, '']];
    while (stack.length > 0) {
      const [node, pointer] = stack.pop()!;
      if (Array.isArray(node)) {
        node.forEach((item, index) => {
          if (item !== null && typeof item === 'object') stack.push([item, childPointer(pointer, index)]);
        });
        continue;
      }
      if (!isObject(node)) continue;
      if (typeof node.$ref === 'string' && version === '3.1' && /^#[A-Za-z_][-A-Za-z0-9._]*$/.test(node.$ref)) {
        // A JSON Schema 2020-12 plain-name fragment: it names a `$anchor` (or `$dynamicAnchor`).
        anchors ??= collectAnchors(document);
        if (!anchors.has(node.$ref.slice(1))) {
          report({
            message: `$ref "${node.$ref}" names an anchor that no schema declares with "$anchor".`,
            pointer: childPointer(pointer, '$ref'),
            fix: `Declare "$anchor": "${node.$ref.slice(1)}" on the target schema, or use a "#/…" pointer.`,
          });
        }
      } else if (typeof node.$ref === 'string' && node.$ref.startsWith('#')) {
        let target = targets.get(node.$ref);
        if (target === undefined) {
          target = followRef(document, { $ref: node.$ref }, pointer);
          targets.set(node.$ref, target);
        }
        if (!target.ok) {
          const why =
            target.reason === 'circular'
              ? `is part of a circular chain of references (through "${target.ref}")`
              : target.reason === 'invalid'
                ? 'is not a valid JSON Pointer'
                : `points at "${target.ref}", which does not exist`;
          report({
            message: `$ref "${node.$ref}" ${why}.`,
            pointer: childPointer(pointer, '$ref'),
            fix: 'Point the $ref at an existing definition (check the spelling and the "#/…" path).',
          });
        }
      }
      for (const key of Object.keys(node)) {
        const value = node[key]!;
        if (value === null || typeof value !== 'object' || DATA_KEYS.has(key)) continue;
        stack.push([value, childPointer(pointer, key)]);
      }
    }
  },
};

function collectAnchors(document: JsonValue): Set<string> {
  const out = new Set<string>();
  const stack: JsonValue[] = [document];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (Array.isArray(node)) {
      stack.push(...node);
    } else if (isObject(node)) {
      for (const key of ['$anchor', '$dynamicAnchor']) {
        const value = node[key];
        if (typeof value === 'string') out.add(value);
      }
      stack.push(...Object.values(node));
    }
  }
  return out;
}
