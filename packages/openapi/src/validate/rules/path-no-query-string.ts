/** Path keys are paths only: a query string or fragment belongs in parameters. */
import { childPointer, isObject } from '../../pointer.ts';
import type { Rule } from '../rule.ts';

export const pathNoQueryString: Rule = {
  id: 'path-no-query-string',
  description: 'Paths contain no query string (?…) or fragment (#…).',
  check({ document, report }) {
    const paths = document.paths;
    if (!isObject(paths)) return;
    for (const path of Object.keys(paths)) {
      const at = path.search(/[?#]/);
      if (at < 0) continue;
      report({
        message: `Path "${path}" contains "${path.slice(at)}"; query strings and fragments are not part of a path.`,
        pointer: childPointer('/paths', path),
        fix: `Use the path "${path.slice(0, at)}" and declare the query values as "in: query" parameters.`,
      });
    }
  },
};
