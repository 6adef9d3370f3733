/** Structural validation: the document against the official OpenAPI JSON schema of its version. */

import type { ErrorObject } from 'ajv';
import { getAt } from '../../pointer.ts';
import type { Finding, OasVersion } from '../../types.ts';
import { crashed } from '../run.ts';
import { collapseErrors } from './collapse.ts';
import { errorMessage, errorPointer } from './messages.ts';
import { type StructuralSchema, structuralSchema } from './schemas.ts';

export const STRUCTURAL_RULE = 'oas-schema';

/** At most this many structural findings are listed; one more finding says how many were left out. */
export const MAX_STRUCTURAL_FINDINGS = 200;

/** Validates `document` against the OpenAPI `version` schema; returns one finding per distinct problem. */
export function validateStructure(document: unknown, version: OasVersion, limit = MAX_STRUCTURAL_FINDINGS): Finding[] {
  let errors: ErrorObject[];
  try {
    errors = schemaErrors(document, structuralSchema(version));
  } catch (error) {
    return [crashed(STRUCTURAL_RULE, error)];
  }
  if (errors.length === 0) return [];
  const findings: Finding[] = errors.map((error) => {
    const note = toleratedNote(error, document);
    return {
      rule: STRUCTURAL_RULE,
      severity: note ? 'warning' : 'error',
      message: errorMessage(error, document, version) + (note ?? ''),
      pointer: errorPointer(error),
    };
  });
  findings.sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
  if (findings.length <= limit) return findings;
  const shown = findings.slice(0, limit);
  shown.push({
    rule: STRUCTURAL_RULE,
    severity: 'error',
    message: `${findings.length - limit} more structural problems are not listed; fix the ones above and validate again.`,
    pointer: '',
  });
  return shown;
}

function schemaErrors(document: unknown, schema: StructuralSchema): ErrorObject[] {
  if (quickCheck(schema, document) || schema.validate(document)) return [];
  return collapseErrors([...(schema.validate.errors ?? [])], { schema, document });
}

/**
 * The quick validity check: a valid document needs nothing more. When it throws (a document nested deep enough
 * to exhaust the stack there first), the full validator decides, as it always did.
 */
function quickCheck(schema: StructuralSchema, document: unknown): boolean {
  try {
    return schema.isValid(document);
  } catch {
    return false;
  }
}

/**
 * Schema violations that deployed, certified Power Platform connectors contain and the service accepts are
 * reported as warnings, with a note; today that is a templated `host` such as "{{your_domain}}" (replaced per
 * connection by the `dynamichosturl` policy).
 */
function toleratedNote(error: ErrorObject, document: unknown): string | undefined {
  if (error.keyword === 'pattern' && error.instancePath === '/host') {
    const host = getAt(document, '/host');
    if (typeof host === 'string' && host.includes('{')) {
      return ' Power Platform accepts a templated host (set per connection), but other OpenAPI tools will not.';
    }
  }
  return undefined;
}
