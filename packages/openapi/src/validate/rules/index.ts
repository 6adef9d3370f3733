/** The generic OpenAPI rules, one per file (file name = rule id). */
import type { Rule } from '../rule.ts';
import { arrayItemsDefined } from './array-items-defined.ts';
import { formdataConsumes } from './formdata-consumes.ts';
import { infoTitlePresent } from './info-title-present.ts';
import { noBodyAndFormdata } from './no-body-and-formdata.ts';
import { noPathTrailingSlash } from './no-path-trailing-slash.ts';
import { noUnusedComponents } from './no-unused-components.ts';
import { oneBodyParameter } from './one-body-parameter.ts';
import { operationOperationIdPresent } from './operation-operationId-present.ts';
import { operationOperationIdUnique } from './operation-operationId-unique.ts';
import { operationOperationIdValid } from './operation-operationId-valid.ts';
import { operationResponsesDefined } from './operation-responses-defined.ts';
import { operationSuccessResponse } from './operation-success-response.ts';
import { parameterUnique } from './parameter-unique.ts';
import { pathDuplicateTemplates } from './path-duplicate-templates.ts';
import { pathNoQueryString } from './path-no-query-string.ts';
import { pathParamRequired } from './path-param-required.ts';
import { pathParamsDefined } from './path-params-defined.ts';
import { pathTemplateValid } from './path-template-valid.ts';
import { refTargetExists } from './ref-target-exists.ts';
import { schemaEnumTypeMatch } from './schema-enum-type-match.ts';
import { securitySchemeDefined } from './security-scheme-defined.ts';
import { securityScopesDefined } from './security-scopes-defined.ts';
import { serverUrlValid } from './server-url-valid.ts';

/** Every generic rule; which ones run and how severe they are is decided by a ruleset. */
export const genericRules: readonly Rule[] = [
  infoTitlePresent,
  operationOperationIdPresent,
  operationOperationIdUnique,
  operationOperationIdValid,
  operationResponsesDefined,
  operationSuccessResponse,
  pathParamsDefined,
  pathParamRequired,
  parameterUnique,
  noBodyAndFormdata,
  oneBodyParameter,
  formdataConsumes,
  refTargetExists,
  securitySchemeDefined,
  securityScopesDefined,
  pathNoQueryString,
  pathDuplicateTemplates,
  pathTemplateValid,
  noPathTrailingSlash,
  serverUrlValid,
  arrayItemsDefined,
  schemaEnumTypeMatch,
  noUnusedComponents,
];
