// Connector domain: import (package or OpenAPI), drafts, authentication questions, versions, built-ins, downloads.
export {
  type ConnectorActor,
  canEditConnector,
  canUseConnector,
  findEditableConnector,
  findUsableConnector,
} from './access.ts';
export { applyAuthAnswers, authQuestions, authSummary, redirectUrls } from './auth.ts';
export { type BuiltInReport, DEFAULT_CONNECTORS_DIR, loadBuiltInConnectors, readBuiltInPackage } from './builtins.ts';
export { DOWNLOAD_FILES, type DownloadFile, packageFiles, packageZip } from './download.ts';
export { createFromDraft, draftView, prepareConnector } from './drafts.ts';
export {
  type ConnectorDeps,
  type ConnectorInput,
  type ConnectorResult,
  clientSecretContext,
  createOrUpdateConnector,
  suggestName,
} from './service.ts';
export { type PackageSource, preparePackage, type SourceOptions } from './source.ts';
export type { AuthAnswers, AuthQuestion, ConnectorReport, PreparedPackage } from './types.ts';
export { connectorDetail, connectorListEntry, operationsOf, reportView, versionView } from './views.ts';
