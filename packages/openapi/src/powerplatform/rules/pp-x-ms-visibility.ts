/** pp-x-ms-visibility: x-ms-visibility must be important, advanced or internal. */
import type { Rule } from '../../validate/rule.ts';
import { documentFacts } from '../util/facts.ts';

const VALUES = ['important', 'advanced', 'internal'];

export const ppXMsVisibility: Rule = {
  id: 'pp-x-ms-visibility',
  description: 'x-ms-visibility must be `important`, `advanced` or `internal` (lower case).',
  check({ document, report }) {
    for (const ext of documentFacts(document).extensions) {
      if (ext.name !== 'x-ms-visibility' || (typeof ext.value === 'string' && VALUES.includes(ext.value))) continue;
      const lower = typeof ext.value === 'string' ? ext.value.toLowerCase() : undefined;
      const caseOnly = lower !== undefined && VALUES.includes(lower);
      report({
        message: caseOnly
          ? `x-ms-visibility "${String(ext.value)}" should be written "${lower}".`
          : `x-ms-visibility ${JSON.stringify(ext.value)} must be "important", "advanced" or "internal".`,
        pointer: ext.pointer,
        severity: caseOnly ? 'warning' : undefined,
        fix: caseOnly
          ? `Write "${lower}" (reading a package normalizes it).`
          : 'Use "important", "advanced" or "internal", or remove it.',
      });
    }
  },
};
