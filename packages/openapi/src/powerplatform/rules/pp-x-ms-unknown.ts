/** pp-x-ms-unknown: x-ms-* extensions the Power Platform schema does not define (kept, but worth knowing). */
import type { Rule } from '../../validate/rule.ts';
import { documentFacts } from '../util/facts.ts';
import { MS_EXTENSION_SHAPES } from '../util/ms-shapes.ts';

export const ppXMsUnknown: Rule = {
  id: 'pp-x-ms-unknown',
  description:
    'Lists x-ms-* extensions that the Power Platform definition schema does not define (Copilot, AutoRest and other ones).',
  check({ document, report }) {
    for (const ext of documentFacts(document).extensions) {
      if (ext.name in MS_EXTENSION_SHAPES) continue;
      report({
        message: `${ext.name} is not in the Power Platform definition schema; it is kept as is.`,
        pointer: ext.pointer,
        fix: 'Keep it if the platform feature you target documents it; otherwise rename it to an x- extension without "ms-".',
      });
    }
  },
};
