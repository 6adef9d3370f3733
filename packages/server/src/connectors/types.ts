/** Shapes shared by the connector services: a prepared package, its report, and the authentication answers. */
import type { AppliedFix, Finding, JsonObject, Loss } from '@portico/openapi';

/** What the import found and changed, stored with each connector version and shown to the maker. */
export interface ConnectorReport {
  /** How the connector came in: a connector package, or an OpenAPI document converted by the core. */
  source: 'package' | 'openapi';
  /** OpenAPI version of the input (`2.0`, `3.0.3`, …). */
  inputVersion: string;
  findings: Finding[];
  fixes: AppliedFix[];
  losses: Loss[];
  /** Real-world deviations of apiProperties.json that were normalised. */
  normalizations: AppliedFix[];
  importable: boolean;
}

/** A connector package ready to be stored: the paconn documents, an optional icon, and the report. */
export interface PreparedPackage {
  definition: JsonObject;
  properties: JsonObject;
  settings: JsonObject | null;
  /** Base64 PNG. */
  icon: string | null;
  report: ConnectorReport;
  /** The definition URL it was read from, when it was; a connector made from it is linked to that URL. */
  sourceUrl?: string;
}

/**
 * The maker's answers to the authentication questions. OAuth settings (Entra ID or generic OAuth 2.0) and the
 * label of an API key parameter; `clientSecret` is encrypted at rest and never returned.
 */
export interface AuthAnswers {
  clientId?: string;
  clientSecret?: string;
  resourceUri?: string;
  loginUri?: string;
  tenantId?: string;
  authorizationUrl?: string;
  tokenUrl?: string;
  refreshUrl?: string;
  scopes?: string[];
  apiKeyLabel?: string;
}

/** One question the portal or CLI asks before creating the connector. */
export interface AuthQuestion {
  /** Key of the answer in AuthAnswers. */
  key: keyof AuthAnswers;
  label: string;
  description: string;
  required: boolean;
  secret: boolean;
  /** The value the package already holds (never for secrets). */
  default?: string | string[];
}
