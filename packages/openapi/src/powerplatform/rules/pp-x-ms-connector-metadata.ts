/** pp-x-ms-connector-metadata: x-ms-connector-metadata is a list of { propertyName, propertyValue } strings. */
import type { Rule } from '../../validate/rule.ts';
import { checkExtensionShapes } from './extension-check.ts';

export const ppXMsConnectorMetadata: Rule = {
  id: 'pp-x-ms-connector-metadata',
  description: 'x-ms-connector-metadata is a list of { propertyName, propertyValue } strings.',
  check(context) {
    checkExtensionShapes(context, (n) => n === 'x-ms-connector-metadata');
  },
};
