/** The Power Platform profile: every pp-* rule and the severities Power Platform applies. */
import type { Rule, Ruleset } from '../../validate/rule.ts';
import { ppAuthorizationHeader } from './pp-authorization-header.ts';
import { ppBasePath } from './pp-base-path.ts';
import { ppBodyFormData } from './pp-body-form-data.ts';
import { ppBodyParameterSingle } from './pp-body-parameter-single.ts';
import { ppDefaultResponseSchema } from './pp-default-response-schema.ts';
import { ppDefinitionSize } from './pp-definition-size.ts';
import { ppFileParameter } from './pp-file-parameter.ts';
import { ppHost } from './pp-host.ts';
import { ppInfoDescription } from './pp-info-description.ts';
import { ppInfoTitle } from './pp-info-title.ts';
import { ppOperationCount } from './pp-operation-count.ts';
import { ppOperationIdCharacters } from './pp-operation-id-characters.ts';
import { ppOperationIdRequired } from './pp-operation-id-required.ts';
import { ppOperationIdUnique } from './pp-operation-id-unique.ts';
import { ppOperationSummary } from './pp-operation-summary.ts';
import { ppParameterSummary } from './pp-parameter-summary.ts';
import { ppPathParameterRequired } from './pp-path-parameter-required.ts';
import { ppPathParameterUrlEncoding } from './pp-path-parameter-url-encoding.ts';
import { ppPathQueryString } from './pp-path-query-string.ts';
import { ppPropertySummary } from './pp-property-summary.ts';
import { ppRefLocation } from './pp-ref-location.ts';
import { ppResponseSuccess } from './pp-response-success.ts';
import { ppSchemaAllofConflict } from './pp-schema-allof-conflict.ts';
import { ppSchemaFormat } from './pp-schema-format.ts';
import { ppSchemaPropertyName } from './pp-schema-property-name.ts';
import { ppSchemaSize } from './pp-schema-size.ts';
import { ppSchemes } from './pp-schemes.ts';
import { ppSecurityDefinitions } from './pp-security-definitions.ts';
import { ppSwaggerVersion } from './pp-swagger-version.ts';
import { ppXMsCapabilities } from './pp-x-ms-capabilities.ts';
import { ppXMsConnectorMetadata } from './pp-x-ms-connector-metadata.ts';
import { ppXMsDynamic } from './pp-x-ms-dynamic.ts';
import { ppXMsExtensionShape } from './pp-x-ms-extension-shape.ts';
import { ppXMsTrigger } from './pp-x-ms-trigger.ts';
import { ppXMsUnknown } from './pp-x-ms-unknown.ts';
import { ppXMsVisibility } from './pp-x-ms-visibility.ts';

/** All Power Platform rules; they expect a Swagger 2.0 document (the exporter converts first). */
export const powerplatformRules: Rule[] = [
  ppSwaggerVersion,
  ppHost,
  ppBasePath,
  ppSchemes,
  ppInfoTitle,
  ppInfoDescription,
  ppOperationIdRequired,
  ppOperationIdUnique,
  ppOperationIdCharacters,
  ppOperationSummary,
  ppParameterSummary,
  ppPropertySummary,
  ppPathQueryString,
  ppPathParameterRequired,
  ppPathParameterUrlEncoding,
  ppBodyParameterSingle,
  ppBodyFormData,
  ppFileParameter,
  ppAuthorizationHeader,
  ppResponseSuccess,
  ppDefaultResponseSchema,
  ppSchemaAllofConflict,
  ppSchemaPropertyName,
  ppSchemaFormat,
  ppSchemaSize,
  ppSecurityDefinitions,
  ppDefinitionSize,
  ppOperationCount,
  ppRefLocation,
  ppXMsVisibility,
  ppXMsTrigger,
  ppXMsDynamic,
  ppXMsCapabilities,
  ppXMsConnectorMetadata,
  ppXMsExtensionShape,
  ppXMsUnknown,
];

/**
 * Severities: `error` = the import fails or the connector cannot work; `warning` = certification
 * guidance or a likely usability problem; `info` = worth knowing. A finding may override its rule's
 * severity (e.g. a missing title is an error while a long one is a warning).
 */
export const powerplatformRuleset: Ruleset = {
  'pp-swagger-version': 'error',
  'pp-host': 'error',
  'pp-base-path': 'error',
  'pp-schemes': 'error',
  'pp-info-title': 'warning',
  'pp-info-description': 'warning',
  'pp-operation-id-required': 'error',
  'pp-operation-id-unique': 'error',
  'pp-operation-id-characters': 'warning',
  'pp-operation-summary': 'warning',
  'pp-parameter-summary': 'warning',
  'pp-property-summary': 'warning',
  'pp-path-query-string': 'error',
  'pp-path-parameter-required': 'error',
  'pp-path-parameter-url-encoding': 'info',
  'pp-body-parameter-single': 'error',
  'pp-body-form-data': 'error',
  'pp-file-parameter': 'error',
  'pp-authorization-header': 'error',
  'pp-response-success': 'warning',
  'pp-default-response-schema': 'warning',
  'pp-schema-allof-conflict': 'warning',
  'pp-schema-property-name': 'warning',
  'pp-schema-format': 'warning',
  'pp-schema-size': 'warning',
  'pp-security-definitions': 'error',
  'pp-definition-size': 'error',
  'pp-operation-count': 'error',
  'pp-ref-location': 'warning',
  'pp-x-ms-visibility': 'error',
  'pp-x-ms-trigger': 'error',
  'pp-x-ms-dynamic': 'warning',
  'pp-x-ms-capabilities': 'warning',
  'pp-x-ms-connector-metadata': 'warning',
  'pp-x-ms-extension-shape': 'warning',
  'pp-x-ms-unknown': 'info',
};
