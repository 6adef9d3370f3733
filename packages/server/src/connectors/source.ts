/**
 * Turning what a maker uploads into a PreparedPackage: a connector package (two texts or a zip) read tolerantly,
 * or any OpenAPI document (text or URL) exported as a package by the core with its fixes. The server never
 * parses YAML or resolves `$ref` itself; every document goes through @portico/openapi.
 */
import {
  DefinitionError,
  exportConnector,
  type Finding,
  type JsonObject,
  parseDefinition,
  readConnectorPackage,
  resolveDefinition,
} from '@portico/openapi';
import { fail } from '../errors.ts';
import { fetchDefinition } from '../fetch/index.ts';
import { unzipPackage, ZipError } from '../zip/index.ts';
import { removePackagedSecrets } from './auth.ts';
import type { ConnectorReport, PreparedPackage } from './types.ts';

/** What the prepare and update routes accept: exactly one of the four sources. */
export interface PackageSource {
  /** apiDefinition.swagger.json as text (any OpenAPI version is accepted and converted). */
  apiDefinition?: string;
  /** apiProperties.json as text; optional (built from the definition's security when missing). */
  apiProperties?: string;
  /** settings.json as text; optional. */
  settings?: string;
  /** icon.png as base64; optional. */
  icon?: string;
  /** A zip of the package folder, as base64. */
  zip?: string;
  /** Any OpenAPI document (2.0, 3.0, 3.1) as JSON or YAML text. */
  definition?: string;
  /** A URL Portico fetches the OpenAPI document from. */
  definitionUrl?: string;
}

export interface SourceOptions {
  /** Private hosts the definition URL may point at (the administrator's allow-list). */
  allowHosts: readonly string[];
  /** Name given to the connector (used as title by the exporter's fixes). */
  connectorName?: string;
}

const PACKAGE_FILES = ['apiDefinition.swagger.json', 'apiProperties.json', 'settings.json', 'icon.png'] as const;

/** Reads the source into a prepared package, or fails with a clear error naming the file and place. */
export async function preparePackage(source: PackageSource, options: SourceOptions): Promise<PreparedPackage> {
  const pkg = await readSource(source, options);
  // A client secret inside apiProperties.json is dropped before anything is stored; the maker gives it as an answer.
  if (removePackagedSecrets(pkg.properties).length > 0) {
    pkg.report.normalizations.push({
      rule: 'portico-packaged-secret',
      pointer: '',
      message:
        'apiProperties.json held an OAuth client secret; it was removed (secrets are never stored in clear); give it as the "clientSecret" answer.',
    });
  }
  return pkg;
}

async function readSource(source: PackageSource, options: SourceOptions): Promise<PreparedPackage> {
  const given = (['apiDefinition', 'zip', 'definition', 'definitionUrl'] as const).filter(
    (k) => source[k] !== undefined,
  );
  if (given.length !== 1) {
    fail(
      'bad_request',
      given.length === 0
        ? 'Send the connector as "apiDefinition" (+ "apiProperties"), "zip" (base64), "definition" (OpenAPI text) or "definitionUrl".'
        : `Send only one of "apiDefinition", "zip", "definition" and "definitionUrl" (got ${given.join(', ')}).`,
    );
  }
  if (source.definitionUrl !== undefined) {
    const fetched = await fetchDefinition(source.definitionUrl, { allowHosts: options.allowHosts });
    if (!fetched.ok) fail('definition_fetch_failed', fetched.message, { url: fetched.url, reason: fetched.code });
    return { ...(await fromOpenApi(fetched.text, fetched.finalUrl, options)), sourceUrl: source.definitionUrl };
  }
  if (source.definition !== undefined) return fromOpenApi(source.definition, 'definition', options);
  if (source.zip !== undefined) return fromPackage(filesFromZip(source.zip), options);
  return fromPackage(
    {
      apiDefinition: source.apiDefinition!,
      apiProperties: source.apiProperties,
      settings: source.settings,
      icon: source.icon,
    },
    options,
  );
}

interface PackageTexts {
  apiDefinition: string;
  apiProperties?: string;
  settings?: string;
  /** Base64. */
  icon?: string;
}

function decodeBase64(text: string, field: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean) || clean.length === 0) {
    fail('bad_request', `"${field}" must be base64 (e.g. \`base64 -w0 package.zip\`).`);
  }
  return new Uint8Array(Buffer.from(clean, 'base64'));
}

/** Finds the package files in a zip, at its root or inside one folder. */
function filesFromZip(base64: string): PackageTexts {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipPackage(decodeBase64(base64, 'zip'));
  } catch (err) {
    if (err instanceof ZipError) fail('package_invalid', err.message, { file: 'zip', entry: err.entry ?? null });
    throw err;
  }
  const names = Object.keys(entries);
  const definitionPath = names
    .filter((n) => n === PACKAGE_FILES[0] || n.endsWith(`/${PACKAGE_FILES[0]}`))
    .sort((a, b) => a.split('/').length - b.split('/').length)[0];
  if (!definitionPath || definitionPath.split('/').length > 2) {
    fail(
      'package_invalid',
      `The zip holds no apiDefinition.swagger.json at its root or in one folder (it holds ${names.slice(0, 5).join(', ') || 'nothing'}); zip the package folder.`,
      { file: 'zip' },
    );
  }
  const folder = definitionPath.slice(0, definitionPath.length - PACKAGE_FILES[0].length);
  const text = (name: string) => {
    const bytes = entries[folder + name];
    return bytes === undefined ? undefined : new TextDecoder('utf-8').decode(bytes);
  };
  const icon = entries[`${folder}icon.png`];
  return {
    apiDefinition: text(PACKAGE_FILES[0])!,
    apiProperties: text(PACKAGE_FILES[1]),
    settings: text(PACKAGE_FILES[2]),
    icon: icon ? Buffer.from(icon).toString('base64') : undefined,
  };
}

function errorsOf(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'error');
}

function describeFindings(findings: readonly Finding[]): string {
  return findings
    .slice(0, 3)
    .map((f) => {
      const where = [f.source, f.pointer || undefined, f.line ? `line ${f.line}` : undefined].filter(Boolean);
      return `${where.length ? `${where.join(' ')}: ` : ''}${f.message}`;
    })
    .join('; ');
}

/** A package: read tolerantly; a definition that is not Swagger 2.0 is converted like any OpenAPI document. */
async function fromPackage(files: PackageTexts, options: SourceOptions): Promise<PreparedPackage> {
  const read = readConnectorPackage({
    apiDefinition: files.apiDefinition,
    ...(files.apiProperties !== undefined ? { apiProperties: files.apiProperties } : {}),
    ...(files.settings !== undefined ? { settings: files.settings } : {}),
  });
  const syntax = read.findings.filter((f) => f.rule === 'pp-package-json');
  if (syntax.length > 0) {
    fail('package_invalid', `The connector package cannot be read: ${describeFindings(syntax)}.`, {
      findings: syntax,
    });
  }
  const icon = files.icon === undefined ? null : Buffer.from(decodeBase64(files.icon, 'icon')).toString('base64');
  if (read.definition.swagger !== '2.0') {
    // An OpenAPI 3.x document in the apiDefinition slot: convert it, keeping the uploaded properties.
    const carried = files.apiProperties !== undefined ? read.properties : undefined;
    const prepared = await fromOpenApi(files.apiDefinition, 'apiDefinition.swagger.json', options, carried);
    return { ...prepared, icon };
  }
  const exported = exportConnector(
    { document: read.definition, version: '2.0', properties: read.properties },
    { fix: false, ...(options.connectorName ? { connectorName: options.connectorName } : {}) },
  );
  const pkg = exported.packages[0];
  const findings = [
    ...read.findings,
    ...exported.findings,
    ...(pkg?.report.findings ?? []).map((f) => ({ ...f, source: f.source ?? 'apiDefinition.swagger.json' })),
  ];
  const report: ConnectorReport = {
    source: 'package',
    inputVersion: '2.0',
    findings,
    fixes: [],
    losses: [],
    normalizations: read.normalizations,
    importable: errorsOf(findings).length === 0,
  };
  if (!report.importable) {
    fail('package_invalid', `The connector package cannot be imported: ${describeFindings(errorsOf(findings))}.`, {
      findings: errorsOf(findings),
    });
  }
  // The maker's definition is kept as uploaded (tolerant import); properties come back normalised.
  const properties = files.apiProperties !== undefined ? read.properties : propertiesOf(pkg?.files);
  return { definition: read.definition, properties, settings: read.settings ?? null, icon, report };
}

function propertiesOf(files: Record<string, string> | undefined): JsonObject {
  const text = files?.['apiProperties.json'];
  return text ? (JSON.parse(text) as JsonObject) : { properties: { connectionParameters: {} } };
}

/** Parses, resolves and exports an OpenAPI document (any version) as one package with the core's fixes. */
async function fromOpenApi(
  text: string,
  uri: string,
  options: SourceOptions,
  properties?: JsonObject,
): Promise<PreparedPackage> {
  let resolved: Awaited<ReturnType<typeof resolveDefinition>>;
  try {
    // No loader: external $refs are reported as findings, never fetched (uploads must be self-contained).
    resolved = await resolveDefinition(parseDefinition(text, { uri }));
  } catch (err) {
    if (err instanceof DefinitionError) {
      fail('definition_invalid', err.message, { uri: err.uri ?? uri, line: err.line, column: err.column });
    }
    throw err;
  }
  const exported = exportConnector(
    {
      document: resolved.document,
      version: resolved.version.family,
      locate: resolved.locate,
      ...(properties ? { properties } : {}),
    },
    { fix: true, ...(options.connectorName ? { connectorName: options.connectorName } : {}) },
  );
  const pkg = exported.packages[0];
  const findings = [...resolved.findings, ...exported.findings, ...(pkg?.report.findings ?? [])];
  if (!pkg || !exported.importable) {
    const errors = errorsOf(findings);
    fail(
      'package_invalid',
      `The definition cannot be made into a connector: ${describeFindings(errors.length ? errors : findings) || 'no operation to export'}.`,
      { findings: errors },
    );
  }
  const files = pkg.files;
  return {
    definition: JSON.parse(files['apiDefinition.swagger.json']) as JsonObject,
    properties: JSON.parse(files['apiProperties.json']) as JsonObject,
    settings: null,
    icon: null,
    report: {
      source: 'openapi',
      inputVersion: resolved.version.version,
      findings,
      fixes: pkg.report.fixes,
      losses: pkg.report.losses,
      normalizations: [],
      importable: true,
    },
  };
}
