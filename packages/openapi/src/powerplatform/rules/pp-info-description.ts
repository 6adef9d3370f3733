/** pp-info-description: connectors carry a description of 30–500 characters (certification guidance). */
import { isObject } from '../../pointer.ts';
import type { Rule } from '../../validate/rule.ts';
import { MAX_DESCRIPTION_LENGTH, MIN_DESCRIPTION_LENGTH } from '../limits.ts';

export const ppInfoDescription: Rule = {
  id: 'pp-info-description',
  description: `\`info.description\` (the connector description) should be ${MIN_DESCRIPTION_LENGTH}–${MAX_DESCRIPTION_LENGTH} characters.`,
  check({ document, report }) {
    const info = document.info;
    const description = isObject(info) ? info.description : undefined;
    if (typeof description !== 'string' || description.trim() === '') {
      report({
        message: '`info.description` is missing; it is shown as the connector description.',
        pointer: isObject(info) ? '/info' : '',
        fix: `Describe the connector in ${MIN_DESCRIPTION_LENGTH}–${MAX_DESCRIPTION_LENGTH} characters (\`--fix\` derives one from the title).`,
      });
      return;
    }
    const length = description.trim().length;
    if (length < MIN_DESCRIPTION_LENGTH || length > MAX_DESCRIPTION_LENGTH) {
      report({
        message: `\`info.description\` is ${length} characters; certification asks for ${MIN_DESCRIPTION_LENGTH}–${MAX_DESCRIPTION_LENGTH}.`,
        pointer: '/info/description',
        fix: length < MIN_DESCRIPTION_LENGTH ? 'Write a longer description.' : 'Shorten the description.',
      });
    }
  },
};
