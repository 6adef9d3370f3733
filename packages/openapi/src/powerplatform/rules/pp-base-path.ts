/** pp-base-path: basePath, when given, starts with a slash. */
import type { Rule } from '../../validate/rule.ts';

export const ppBasePath: Rule = {
  id: 'pp-base-path',
  versions: ['2.0'],
  description: '`basePath` must start with `/` and must not contain a query string.',
  check({ document, report }) {
    const basePath = document.basePath;
    if (basePath === undefined) return;
    if (typeof basePath !== 'string' || !basePath.startsWith('/')) {
      report({
        message: `\`basePath\` ${JSON.stringify(basePath)} must start with "/".`,
        pointer: '/basePath',
        fix: 'Prefix `basePath` with "/" (e.g. "/v1"), or use "/".',
      });
    } else if (basePath.includes('?')) {
      report({
        message: `\`basePath\` "${basePath}" contains a query string.`,
        pointer: '/basePath',
        fix: 'Remove the query string from `basePath`; declare query parameters on the operations.',
      });
    }
  },
};
