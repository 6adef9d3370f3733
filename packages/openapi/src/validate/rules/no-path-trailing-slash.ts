/** `/pets/` and `/pets` are different URLs to many servers; a trailing slash is usually a mistake. */
import { childPointer, isObject } from '../../pointer.ts';
import type { Rule } from '../rule.ts';

export const noPathTrailingSlash: Rule = {
  id: 'no-path-trailing-slash',
  description: 'Paths other than "/" do not end with a slash.',
  check({ document, report }) {
    const paths = document.paths;
    if (!isObject(paths)) return;
    for (const path of Object.keys(paths)) {
      if (path.length <= 1 || !path.endsWith('/')) continue;
      report({
        message: `Path "${path}" ends with a slash.`,
        pointer: childPointer('/paths', path),
        fix: `Use "${path.replace(/\/+$/, '') || '/'}" unless the server really requires the slash.`,
      });
    }
  },
};
