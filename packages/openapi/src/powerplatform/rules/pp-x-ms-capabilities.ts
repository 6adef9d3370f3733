/** pp-x-ms-capabilities: x-ms-capabilities has the documented shape (file-picker / testConnection on the document, chunkTransfer on operations). */
import type { Rule } from '../../validate/rule.ts';
import { checkExtensionShapes } from './extension-check.ts';

export const ppXMsCapabilities: Rule = {
  id: 'pp-x-ms-capabilities',
  description:
    'x-ms-capabilities has the documented shape (file-picker / testConnection on the document, chunkTransfer on operations).',
  check(context) {
    checkExtensionShapes(context, (n) => n === 'x-ms-capabilities');
  },
};
