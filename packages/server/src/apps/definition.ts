/**
 * Reading a definition text through the core: parse (JSON or YAML), bundle, detect the version, validate.
 * The server itself never parses YAML or follows `$ref`s; bad input becomes a `definition_invalid` error
 * that names the place (line, column) and what to do.
 */
import { createHash } from 'node:crypto';
import {
  DefinitionError,
  type Finding,
  type JsonObject,
  type OasVersion,
  parseDefinition,
  resolveDefinition,
  type SourcePosition,
} from '@portico/openapi';
import { PorticoError } from '../errors.ts';
import { buildReport, type DefinitionReport } from './report.ts';

/** A definition read and validated: the bundled document, its version and the report. */
export interface AnalyzedDefinition {
  document: JsonObject;
  version: { family: OasVersion; version: string };
  format: 'json' | 'yaml';
  mediaType: 'application/json' | 'application/yaml';
  contentHash: string;
  locate: (pointer: string) => SourcePosition | undefined;
  report: DefinitionReport;
}

/** The content hash of a definition text, as stored on revisions (`sha256:<hex>`). */
export function contentHash(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}

/** Parses and bundles a definition text; throws PorticoError('definition_invalid') for unusable input. */
export async function readDefinition(
  text: string,
  options: { uri: string; maxBytes: number },
): Promise<Omit<AnalyzedDefinition, 'report'> & { resolveFindings: Finding[] }> {
  try {
    const parsed = parseDefinition(text, { uri: options.uri, maxBytes: options.maxBytes });
    // No loader: the server reads only the one text; external $refs are reported, not followed.
    const resolved = await resolveDefinition(parsed);
    return {
      document: resolved.document,
      version: { family: resolved.version.family, version: resolved.version.version },
      format: parsed.format,
      mediaType: parsed.format === 'json' ? 'application/json' : 'application/yaml',
      contentHash: contentHash(text),
      locate: resolved.locate,
      resolveFindings: resolved.findings,
    };
  } catch (error) {
    if (error instanceof DefinitionError) throw definitionInvalid(error);
    throw error;
  }
}

/** Reads a definition text and builds its validation report under both profiles. */
export async function analyzeDefinition(
  text: string,
  options: { uri: string; maxBytes: number },
): Promise<AnalyzedDefinition> {
  const read = await readDefinition(text, options);
  const { resolveFindings, ...rest } = read;
  return { ...rest, report: buildReport({ ...rest, resolveFindings }) };
}

/** Turns a core DefinitionError into the API error, keeping where it happened. */
export function definitionInvalid(error: DefinitionError): PorticoError {
  const details: Record<string, unknown> = { reason: error.code };
  if (error.uri) details.uri = error.uri;
  if (error.pointer !== undefined) details.pointer = error.pointer;
  if (error.line !== undefined) details.line = error.line;
  if (error.column !== undefined) details.column = error.column;
  return new PorticoError('definition_invalid', error.message, details);
}
