/** Reads a connector package (apiDefinition.swagger.json + apiProperties.json + settings.json) tolerantly. */
import { isObject } from '../../pointer.ts';
import type { AppliedFix, Finding, JsonObject, JsonValue } from '../../types.ts';
import { normalizeApiProperties } from '../properties/normalize.ts';
import { jsonErrorOffset } from './json-error.ts';

export interface ConnectorPackageFiles {
  apiDefinition: string | Uint8Array;
  apiProperties?: string | Uint8Array;
  settings?: string | Uint8Array;
}

export interface ReadPackageResult {
  definition: JsonObject;
  /** Normalized apiProperties.json; `{}` when the package has none. */
  properties: JsonObject;
  settings?: JsonObject;
  /** Problems; pointers are into the file named by `source`. */
  findings: Finding[];
  /** Safe deviations that were normalized (pointers into apiProperties.json). */
  normalizations: AppliedFix[];
}

const FILE_NAMES = {
  apiDefinition: 'apiDefinition.swagger.json',
  apiProperties: 'apiProperties.json',
  settings: 'settings.json',
} as const;

/** Decodes bytes as UTF-8 and drops a leading byte-order mark. */
export function decodePackageText(input: string | Uint8Array): string {
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** 1-based line/column of a character offset. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function parseFile(
  key: keyof typeof FILE_NAMES,
  input: string | Uint8Array,
  findings: Finding[],
): JsonObject | undefined {
  const source = FILE_NAMES[key];
  const text = decodePackageText(input);
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch (error) {
    const message = (error as Error).message;
    const offset = jsonErrorOffset(text);
    const finding: Finding = {
      rule: 'pp-package-json',
      severity: 'error',
      message: `${source} is not valid JSON: ${message}`,
      pointer: '',
      source,
      fix: `Correct the JSON syntax of ${source}.`,
    };
    if (offset !== undefined) Object.assign(finding, position(text, offset));
    findings.push(finding);
    return undefined;
  }
  if (!isObject(value)) {
    findings.push({
      rule: 'pp-package-json',
      severity: 'error',
      message: `${source} must contain a JSON object.`,
      pointer: '',
      source,
    });
    return undefined;
  }
  return value;
}

/** Parses and normalizes a package; expected problems come back as findings, never as exceptions. */
export function readConnectorPackage(files: ConnectorPackageFiles): ReadPackageResult {
  const findings: Finding[] = [];
  const normalizations: AppliedFix[] = [];
  const definition = parseFile('apiDefinition', files.apiDefinition, findings) ?? {};
  if (Object.keys(definition).length > 0 && definition.swagger !== '2.0') {
    findings.push({
      rule: 'pp-package-definition',
      severity: 'error',
      message: `${FILE_NAMES.apiDefinition} must be Swagger 2.0 (found ${JSON.stringify(definition.swagger ?? definition.openapi ?? null)}).`,
      pointer: definition.swagger !== undefined ? '/swagger' : '',
      source: FILE_NAMES.apiDefinition,
      fix: 'Export the package again with `portico export`, which converts to Swagger 2.0.',
    });
  }
  let properties: JsonObject = {};
  if (files.apiProperties !== undefined) {
    const raw = parseFile('apiProperties', files.apiProperties, findings);
    if (raw) {
      const result = normalizeApiProperties(raw);
      properties = result.properties;
      normalizations.push(...result.normalizations);
      findings.push(...result.findings.map((f) => ({ ...f, source: FILE_NAMES.apiProperties })));
    }
  }
  const result: ReadPackageResult = { definition, properties, findings, normalizations };
  if (files.settings !== undefined) {
    const settings = parseFile('settings', files.settings, findings);
    if (settings) result.settings = settings;
  }
  return result;
}
