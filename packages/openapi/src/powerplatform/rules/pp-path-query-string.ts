/** pp-path-query-string: path keys cannot carry a query string. */
import { childPointer, isObject } from '../../pointer.ts';
import type { Rule } from '../../validate/rule.ts';

export const ppPathQueryString: Rule = {
  id: 'pp-path-query-string',
  description: 'Paths must not contain a query string (`/items?type=a`); declare query parameters instead.',
  check({ document, report }) {
    if (!isObject(document.paths)) return;
    for (const path of Object.keys(document.paths)) {
      if (!path.includes('?')) continue;
      report({
        message: `Path "${path}" contains a query string.`,
        pointer: childPointer('/paths', path),
        fix: 'Move the query into `in: query` parameters (`--fix` does when the path without it is free).',
      });
    }
  },
};
