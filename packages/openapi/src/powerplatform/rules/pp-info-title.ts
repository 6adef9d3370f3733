/** pp-info-title: the connector name comes from info.title. */
import { isObject } from '../../pointer.ts';
import type { Rule } from '../../validate/rule.ts';
import { MAX_TITLE_LENGTH } from '../limits.ts';

export const ppInfoTitle: Rule = {
  id: 'pp-info-title',
  description: `\`info.title\` (the connector name) must be present, at most ${MAX_TITLE_LENGTH} characters, letters, digits, spaces and - _ . ( ) only, ending with a letter or digit.`,
  check({ document, report }) {
    const info = document.info;
    const title = isObject(info) ? info.title : undefined;
    if (typeof title !== 'string' || title.trim() === '') {
      report({
        message: '`info.title` is missing; it becomes the connector name.',
        pointer: isObject(info) ? '/info' : '',
        severity: 'error',
        fix: 'Set `info.title` to the connector name (at most 30 characters).',
      });
      return;
    }
    if (title.length > MAX_TITLE_LENGTH) {
      report({
        message: `\`info.title\` is ${title.length} characters; connector names have at most ${MAX_TITLE_LENGTH}.`,
        pointer: '/info/title',
        fix: `Shorten the title to ${MAX_TITLE_LENGTH} characters or fewer (or pass --connector-name).`,
      });
    }
    const special = [...new Set(title.replace(/[\p{L}\p{N} ._()-]/gu, ''))];
    if (special.length > 0) {
      report({
        message: `\`info.title\` contains characters connector names should not have: ${special.map((c) => JSON.stringify(c)).join(' ')}.`,
        pointer: '/info/title',
        fix: 'Use letters, digits, spaces, "-", "_", ".", "(" and ")" only.',
      });
    } else if (!/[\p{L}\p{N})]$/u.test(title)) {
      report({
        message: '`info.title` should end with a letter or digit.',
        pointer: '/info/title',
        fix: 'Remove the trailing punctuation or space.',
      });
    }
  },
};
