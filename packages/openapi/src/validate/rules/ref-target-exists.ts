/** Every internal `$ref` (`#/…`) points at something that exists, without going round in a circle. */
import { childPointer, isObject } from '../../pointer.ts';
import type { JsonObject, JsonValue, OasVersion } from '../../types.ts';
import { documentIndex } from '../document-index.ts';
import { followRef } from '../helpers.ts';
import { type Place, pointerOf } from '../place.ts';
import type { Rule } from '../rule.ts';

/** Keys whose values are example data, not OpenAPI objects: a `$ref` inside them is just data. */
const DATA_KEYS = new Set(['example', 'enum', 'default', 'const', 'x-ms-test-value']);

interface Problem {
  message: string;
  fix: string;
}

export const refTargetExists: Rule = {
  id: 'ref-target-exists',
  description: 'Every internal $ref resolves.',
  check({ document, version, report }) {
    const problem = refProblems(document, version);
    // Whether a reference is reported depends on its text only: when every distinct text resolves (the usual
    // case), there is nothing to look for.
    if (![...documentIndex(document).refs].some((ref) => problem(ref) !== undefined)) return;
    const stack: Place[] = [{ node: document, parent: undefined, token: '' }];
    while (stack.length > 0) {
      const place = stack.pop() as Place;
      const node = place.node;
      if (Array.isArray(node)) {
        for (let i = 0; i < node.length; i++) {
          const item = node[i];
          if (item !== null && typeof item === 'object') stack.push({ node: item, parent: place, token: i });
        }
        continue;
      }
      const found = typeof node.$ref === 'string' ? problem(node.$ref) : undefined;
      if (found) report({ ...found, pointer: childPointer(pointerOf(place), '$ref') });
      for (const key in node) {
        const value = node[key];
        if (value === null || typeof value !== 'object' || DATA_KEYS.has(key)) continue;
        stack.push({ node: value, parent: place, token: key });
      }
    }
  },
};

/** What is wrong with a `$ref` text (message and fix), or undefined; each text is checked once. */
function refProblems(document: JsonObject, version: OasVersion): (ref: string) => Problem | undefined {
  let anchors: Set<string> | undefined;
  const known = new Map<string, Problem | undefined>();
  const check = (ref: string): Problem | undefined => {
    if (version === '3.1' && /^#[A-Za-z_][-A-Za-z0-9._]*$/.test(ref)) {
      // A JSON Schema 2020-12 plain-name fragment: it names a `$anchor` (or `$dynamicAnchor`).
      anchors ??= collectAnchors(document);
      if (anchors.has(ref.slice(1))) return undefined;
      return {
        message: `$ref "${ref}" names an anchor that no schema declares with "$anchor".`,
        fix: `Declare "$anchor": "${ref.slice(1)}" on the target schema, or use a "#/…" pointer.`,
      };
    }
    if (!ref.startsWith('#')) return undefined;
    const target = followRef(document, { $ref: ref }, '');
    if (target.ok) return undefined;
    const why =
      target.reason === 'circular'
        ? `is part of a circular chain of references (through "${target.ref}")`
        : target.reason === 'invalid'
          ? 'is not a valid JSON Pointer'
          : `points at "${target.ref}", which does not exist`;
    return {
      message: `$ref "${ref}" ${why}.`,
      fix: 'Point the $ref at an existing definition (check the spelling and the "#/…" path).',
    };
  };
  return (ref) => {
    if (!known.has(ref)) known.set(ref, check(ref));
    return known.get(ref);
  };
}

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
