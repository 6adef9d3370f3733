/** Every security requirement names a scheme that the document defines. */
import { securitySchemes } from '../helpers.ts';
import type { Rule } from '../rule.ts';
import { securityRequirementEntries } from '../security-requirements.ts';

export const securitySchemeDefined: Rule = {
  id: 'security-scheme-defined',
  description: 'Security requirements refer to defined security schemes.',
  check({ document, version, report }) {
    const { schemes, pointer } = securitySchemes(document, version);
    const where = version === '2.0' ? '"securityDefinitions"' : '"components.securitySchemes"';
    for (const entry of securityRequirementEntries(document)) {
      if (Object.hasOwn(schemes, entry.scheme)) continue;
      const known = Object.keys(schemes);
      report({
        message: `Security scheme "${entry.scheme}" is required here but not defined in ${where}${known.length ? ` (defined: ${known.join(', ')})` : ''}.`,
        pointer: entry.pointer,
        fix: `Define "${entry.scheme}" under ${pointer}, or use the name of a defined scheme.`,
      });
    }
  },
};
