/** Power Platform profile: pp-* rules, fixes, connector package export and read-back. */

export type {
  ExportedPackage,
  ExportInput,
  ExportOptions,
  ExportReport,
  ExportResult,
  PackageFileName,
} from './export/index.ts';
export { exportConnector } from './export/index.ts';
export { pruneUnused } from './export/prune.ts';
export type { PowerPlatformFixOptions, PowerPlatformFixResult } from './fix/index.ts';
export { applyPowerPlatformFixes, applyPreConversionFixes, BEARER_DESCRIPTION } from './fix/index.ts';
export * from './limits.ts';
export type { ConnectorPackageFiles, ReadPackageResult } from './package/read.ts';
export { decodePackageText, readConnectorPackage } from './package/read.ts';
export { buildApiProperties, DEFAULT_ICON_BRAND_COLOR } from './properties/build.ts';
export type {
  ConnectionAuthType,
  ConnectionParameterInfo,
  ConnectionRequirements,
  OAuthInfo,
} from './properties/describe.ts';
export { connectionParametersFromProperties } from './properties/describe.ts';
export { normalizeApiProperties } from './properties/normalize.ts';
export { powerplatformRules, powerplatformRuleset } from './rules/index.ts';
export { runRules } from './rules/run.ts';
