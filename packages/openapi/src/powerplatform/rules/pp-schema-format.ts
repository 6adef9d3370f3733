/** pp-schema-format: only the formats Power Platform's definition schema lists. */
import { childPointer } from '../../pointer.ts';
import type { Rule } from '../../validate/rule.ts';
import { documentFacts } from '../util/facts.ts';
import { PP_FORMATS } from '../util/formats.ts';

export const ppSchemaFormat: Rule = {
  id: 'pp-schema-format',
  versions: ['2.0'],
  description: `\`format\` must be one of ${PP_FORMATS.join(', ')}.`,
  check({ document, report }) {
    for (const { holder, pointer } of documentFacts(document).formats) {
      report({
        message: `Format "${String(holder.format)}" is not one Power Platform accepts.`,
        pointer: childPointer(pointer, 'format'),
        fix: 'Remove the format or use a supported one (`--fix` maps uri-reference/url to uri and removes the others).',
      });
    }
  },
};
