/** Rulesets as typed data: rule id → severity (or off). */
import type { Ruleset } from './rule.ts';
import { STRUCTURAL_RULE } from './structural/index.ts';

/** The default profile: what the OpenAPI specification requires is an error, good practice a warning. */
export const openapiRuleset: Ruleset = {
  [STRUCTURAL_RULE]: 'error',
  'info-title-present': 'error',
  'operation-operationId-present': 'warning',
  'operation-operationId-unique': 'error',
  'operation-operationId-valid': 'warning',
  'operation-responses-defined': 'error',
  'operation-success-response': 'warning',
  'path-params-defined': 'error',
  'path-param-required': 'error',
  'parameter-unique': 'error',
  'no-body-and-formdata': 'error',
  'one-body-parameter': 'error',
  'formdata-consumes': 'warning',
  'ref-target-exists': 'error',
  'security-scheme-defined': 'error',
  'security-scopes-defined': 'warning',
  'path-no-query-string': 'error',
  'path-duplicate-templates': 'error',
  'path-template-valid': 'error',
  'no-path-trailing-slash': 'warning',
  'server-url-valid': 'error',
  'array-items-defined': 'error',
  'schema-enum-type-match': 'error',
  'no-unused-components': 'warning',
};
