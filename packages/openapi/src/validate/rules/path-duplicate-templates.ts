/** `/pets/{id}` and `/pets/{petId}` are the same URL pattern: a server cannot tell them apart. */
import { childPointer, isObject } from '../../pointer.ts';
import type { Rule } from '../rule.ts';

export const pathDuplicateTemplates: Rule = {
  id: 'path-duplicate-templates',
  description: 'No two paths differ only in the names of their templates.',
  check({ document, report }) {
    const paths = document.paths;
    if (!isObject(paths)) return;
    const first = new Map<string, string>();
    for (const path of Object.keys(paths)) {
      if (!path.includes('{')) continue;
      const shape = path.replace(/\{[^{}]*\}/g, '{}');
      const earlier = first.get(shape);
      if (earlier === undefined) {
        first.set(shape, path);
        continue;
      }
      report({
        message: `Path "${path}" is the same as "${earlier}" except for the template names, so requests cannot be told apart.`,
        pointer: childPointer('/paths', path),
        fix: `Merge the operations into "${earlier}".`,
      });
    }
  },
};
