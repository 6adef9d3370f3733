/** The shapes the management API answers (see /api/v1/openapi.json), as far as the portal reads them. */

export interface User {
  id: string;
  email: string;
  displayName: string;
  admin: boolean;
}

export type EnvironmentRole = 'admin' | 'maker' | 'user';

export interface Me {
  user: User;
  via: 'session' | 'token';
  environments: { name: string; displayName?: string; role: EnvironmentRole }[];
}

export interface Environment {
  id: string;
  name: string;
  displayName: string;
  role?: EnvironmentRole;
}

export interface Finding {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  pointer: string;
  line?: number;
  column?: number;
  source?: string;
  fix?: string;
}

export interface ProfileCounts {
  errors: number;
  warnings: number;
}

export interface DefinitionSource {
  kind: 'url' | 'upload';
  url?: string;
  filename?: string;
}

export interface Revision {
  id: string;
  number: number;
  contentHash: string;
  source: DefinitionSource;
  mediaType: string;
  createdAt: string;
  createdBy?: string | null;
  current?: boolean;
  version?: string;
  title?: string | null;
  operations?: number;
  openapi?: ProfileCounts;
  powerplatform?: ProfileCounts;
}

export interface RevisionDetail extends Revision {
  report: {
    version: string;
    family: '2.0' | '3.0' | '3.1';
    title?: string | null;
    operations: number;
    openapi: ProfileCounts & { findings: Finding[] };
    powerplatform: ProfileCounts & { findings: Finding[] };
  };
}

export interface ApiApp {
  id: string;
  name: string;
  displayName: string;
  baseUrl?: string | null;
  source: DefinitionSource;
  role?: 'reader' | 'contributor' | 'owner';
  createdAt: string;
  updatedAt: string;
  hosted: { json: string; yaml: string };
  fetch?: { fetchedAt?: string | null; error?: string | null } | null;
  definition: Revision | null;
  changed?: boolean;
  notModified?: boolean;
}

export interface AppliedFix {
  rule: string;
  pointer: string;
  message: string;
}

export interface Loss {
  kind: string;
  pointer: string;
  message: string;
  action: string;
}

export interface ExportReport {
  revision: { id: string; number: number; contentHash: string };
  importable: boolean;
  findings: Finding[];
  packages: {
    name: string;
    files: string[];
    importable: boolean;
    findings: Finding[];
    fixes: AppliedFix[];
    losses: Loss[];
    stats: { operations?: number; bytes?: number; schemas?: number };
  }[];
}

export interface ExpressResult {
  id: string;
  created: boolean;
  name: string;
  displayName?: string;
  environment: string;
  version: number;
  revision: { id: string; number: number };
  redirectUrl?: string;
}

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

export interface AuthQuestion {
  key: string;
  label?: string;
  description?: string;
  required?: boolean;
  secret?: boolean;
  default?: string | string[];
}

export interface ConnectionParameter {
  name: string;
  label?: string;
  type?: string;
  required?: boolean;
  secret?: boolean;
  defaultValue?: string;
  description?: string;
}

export interface ConnectorOperation {
  operationId: string;
  method: string;
  path: string;
  summary?: string;
  description?: string;
  deprecated?: boolean;
  visibility?: string;
  trigger?: boolean;
  findings?: Partial<Finding>[];
}

export interface RedirectUrls {
  global?: string;
  perConnector?: string;
  register?: string;
}

export interface ImportReport {
  source?: 'package' | 'openapi';
  inputVersion?: string;
  importable?: boolean;
  findings?: Partial<Finding>[];
  fixes?: Partial<AppliedFix>[];
  losses?: Partial<Loss>[];
  normalizations?: Record<string, unknown>[];
}

export interface ConnectorDraft {
  draftId: string;
  expiresAt?: string;
  suggestedName?: string;
  title?: string | null;
  auth: {
    type?: 'oauth2' | 'aad' | 'apiKey' | 'basic' | 'none' | 'multi';
    questions?: AuthQuestion[];
    connectionParameters?: ConnectionParameter[];
  };
  redirectUrls: RedirectUrls;
  operations: ConnectorOperation[];
  report: ImportReport;
}

export interface ConnectorSummary {
  id: string;
  name: string;
  displayName?: string;
  description?: string | null;
  builtIn: boolean;
  readOnly?: boolean;
  iconBrandColor?: string | null;
  hasIcon?: boolean;
  authType: string;
  version?: number | null;
  operationCount?: number;
  sourceAppId?: string | null;
  createdAt?: string;
  updatedAt?: string;
}

export interface ConnectorVersion {
  id: string;
  version: number;
  current?: boolean;
  sourceRevisionId?: string | null;
  hasClientSecret?: boolean;
  createdAt?: string;
  createdBy?: string | null;
}

export interface Connector extends ConnectorSummary {
  auth: {
    type?: string;
    parameters?: ConnectionParameter[];
    oauth?: Record<string, unknown>;
    sets?: Record<string, unknown>[];
  };
  redirectUrls?: RedirectUrls;
  operations: ConnectorOperation[];
  report?: ImportReport;
  versions?: ConnectorVersion[];
}

export interface Connection {
  id: string;
  connector: string;
  connectorId?: string;
  environment?: string;
  ownerId?: string;
  displayName?: string;
  authType?: string;
  status: 'connected' | 'error' | 'unauthenticated' | 'pending' | 'needs_reauthentication';
  statusMessage?: string | null;
  parameters?: Record<string, string | number | boolean>;
  secretParameters?: string[];
  createdAt?: string;
  updatedAt?: string;
  lastTestedAt?: string | null;
}

/** A connection just made (or signed in again): OAuth ones answer the provider's sign-in URL. */
export interface ConnectionStarted extends Connection {
  authorizationUrl?: string;
}

export interface ConnectionTest {
  ok: boolean;
  status: number | null;
  message: string;
  operationId?: string | null;
}

export interface Items<T> {
  items: T[];
}
