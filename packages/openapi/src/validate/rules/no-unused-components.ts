/** Reusable definitions that nothing references are dead weight (and a connector package carries them along). */
import { childPointer, isObject, parsePointer, toPointer } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';
import { resolveInternal } from '../../walk.ts';
import { documentIndex } from '../document-index.ts';
import type { Rule } from '../rule.ts';

const SECTIONS_2 = ['definitions', 'parameters', 'responses'];
const SECTIONS_3 = ['schemas', 'parameters', 'responses', 'requestBodies', 'headers', 'examples', 'links', 'callbacks'];

export const noUnusedComponents: Rule = {
  id: 'no-unused-components',
  description: 'Every reusable definition is referenced somewhere.',
  check({ document, version, report }) {
    const used = referencedPointers(document);
    const sections =
      version === '2.0'
        ? SECTIONS_2.map((name) => [document[name], `/${name}`] as const)
        : SECTIONS_3.map(
            (name) =>
              [isObject(document.components) ? document.components[name] : undefined, `/components/${name}`] as const,
          );
    for (const [section, pointer] of sections) {
      if (!isObject(section)) continue;
      for (const [name, component] of Object.entries(section)) {
        const at = childPointer(pointer, name);
        if (used.has(at) || isPolymorphicSubtype(document, component)) continue;
        report({
          message: `"${name}" in ${pointer.slice(1).replace('/', '.')} is never referenced.`,
          pointer: at,
          fix: 'Remove it, or reference it where it is meant to be used.',
        });
      }
    }
  },
};

/** A schema that extends (allOf) a base with a discriminator is used through the base, without a `$ref` to it. */
function isPolymorphicSubtype(document: JsonValue, schema: JsonValue): boolean {
  if (!isObject(schema) || !Array.isArray(schema.allOf)) return false;
  return schema.allOf.some((part) => {
    const base = isObject(part) ? resolveInternal(document, part) : undefined;
    return isObject(part) && typeof part.$ref === 'string' && isObject(base) && base.discriminator !== undefined;
  });
}

/** Every pointer a `#/…` reference points at, plus each of its ancestors (a ref into a part uses the whole). */
function referencedPointers(document: JsonObject): Set<string> {
  const out = new Set<string>();
  // The same reference recurs thousands of times; its pointers are added once.
  const seenRefs = new Set<string>();
  const addRef = (ref: string) => {
    if (!ref.startsWith('#/') || seenRefs.has(ref)) return;
    seenRefs.add(ref);
    try {
      const tokens = parsePointer(ref);
      for (let n = 1; n <= tokens.length; n++) out.add(toPointer(tokens.slice(0, n)));
    } catch {
      // an invalid pointer is ref-target-exists' business
    }
  };
  // References anywhere count, even inside examples and extensions.
  const { refs, mappings } = documentIndex(document);
  for (const ref of refs) addRef(ref);
  for (const mapping of mappings) {
    for (const target of Object.values(mapping)) {
      if (typeof target !== 'string') continue;
      if (target.startsWith('#/')) addRef(target);
      else out.add(childPointer('/components/schemas', target));
    }
  }
  return out;
}
