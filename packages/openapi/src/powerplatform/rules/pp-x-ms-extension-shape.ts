/** pp-x-ms-extension-shape: Other documented x-ms-* extensions (pageable, notification, enum-values, api-annotation, …) have their documented shapes. */
import type { Rule } from '../../validate/rule.ts';
import { checkExtensionShapes } from './extension-check.ts';

export const ppXMsExtensionShape: Rule = {
  id: 'pp-x-ms-extension-shape',
  description:
    'Other documented x-ms-* extensions (pageable, notification, enum-values, api-annotation, …) have their documented shapes.',
  check(context) {
    checkExtensionShapes(
      context,
      (n) => !/^x-ms-(visibility|trigger|capabilities|connector-metadata|dynamic-|url-encoding)/.test(n),
    );
  },
};
