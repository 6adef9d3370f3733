/** operationIds become function, action and URL names; odd characters break generated clients and connectors. */
import { childPointer } from '../../pointer.ts';
import { eachOperation } from '../../walk.ts';
import { operationLabel } from '../helpers.ts';
import type { Rule } from '../rule.ts';

/** RFC 3986 unreserved and reserved characters: what can appear in a URL without escaping. */
const SAFE = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]+$/;

export const operationOperationIdValid: Rule = {
  id: 'operation-operationId-valid',
  description: 'operationIds use only characters that are safe in URLs (no spaces, braces or non-ASCII letters).',
  check({ document, report }) {
    for (const op of eachOperation(document)) {
      const id = op.operation.operationId;
      if (typeof id !== 'string' || SAFE.test(id)) continue;
      const odd = [...new Set(id.replace(/[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]/g, ''))]
        .map((c) => JSON.stringify(c))
        .join(' ');
      report({
        message:
          id === ''
            ? `The operationId of ${operationLabel(op)} is empty.`
            : `operationId "${id}" of ${operationLabel(op)} contains characters that are not safe in URLs: ${odd}.`,
        pointer: childPointer(op.pointer, 'operationId'),
        fix: 'Use only letters, digits, "_", ".", "~" and "-", e.g. "listPets".',
      });
    }
  },
};
