/** pp-definition-size: custom-connector imports accept definitions up to 1 MB. */
import type { Rule } from '../../validate/rule.ts';
import { MAX_DEFINITION_BYTES } from '../limits.ts';
import { definitionBytesOf } from '../util/json.ts';

export const ppDefinitionSize: Rule = {
  id: 'pp-definition-size',
  versions: ['2.0'],
  description: `The serialized definition must be at most ${MAX_DEFINITION_BYTES.toLocaleString('en-US')} bytes (1 MB).`,
  check({ document, report }) {
    const bytes = definitionBytesOf(document);
    if (bytes <= MAX_DEFINITION_BYTES) return;
    report({
      message: `The definition is ${bytes.toLocaleString('en-US')} bytes; custom connectors accept at most ${MAX_DEFINITION_BYTES.toLocaleString('en-US')} bytes (1 MB).`,
      pointer: '',
      fix: 'Split the connector (`--split-by-tag`), keep fewer operations (`--include-tags`), or trim descriptions and examples.',
    });
  },
};
