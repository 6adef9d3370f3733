/** The one place the CLI imports the OpenAPI core from, so that switching import paths is a one-file change. */
export type {
  AppliedFix,
  ExportedPackage,
  ExportReport,
  ExportResult,
  Finding,
  JsonObject,
  JsonValue,
  LoadedResource,
  Loader,
  Loss,
  OasVersion,
  ParsedDocument,
  ResolvedDefinition,
  Severity,
  SourcePosition,
} from '@portico/openapi';
export {
  convertDocument,
  DefinitionError,
  exportConnector,
  genericRules,
  parseDefinition,
  powerplatformRules,
  powerplatformRuleset,
  readConnectorPackage,
  resolveDefinition,
  validateDocument,
} from '@portico/openapi';
export type { Change, DiffResult } from '../../openapi/src/diff/index.ts';
// Not yet exported by @portico/openapi's index.
export { diffDefinitions } from '../../openapi/src/diff/index.ts';
