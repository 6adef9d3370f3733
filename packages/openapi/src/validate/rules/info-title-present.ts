/** `info.title` names the API everywhere (connector title, portal); it must be a non-empty string. */
import { isObject } from '../../pointer.ts';
import type { Rule } from '../rule.ts';

export const infoTitlePresent: Rule = {
  id: 'info-title-present',
  description: 'info.title is present and not empty.',
  check({ document, report }) {
    const info = document.info;
    if (!isObject(info)) return; // a missing or malformed info object is a structural error
    const title = info.title;
    if (typeof title !== 'string' || title.trim() === '') {
      report({
        message: 'The API has no title: "info.title" is missing or empty.',
        pointer: title === undefined ? '/info' : '/info/title',
        fix: 'Set "info.title" to the name users should see, e.g. "Contoso Orders".',
      });
    }
  },
};
