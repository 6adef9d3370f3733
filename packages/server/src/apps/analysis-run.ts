/**
 * The CPU work on definitions that the analysis worker (apps/analysis.ts) takes off the event loop, the same on
 * either thread: analysing a text for a new revision (read, validate, diff against the revision it would
 * replace), exporting a stored revision as a connector package, and serializing it for hosting. Answers hold no
 * document, only what the caller keeps: crossing threads, the 13 MB GitHub document would cost the main thread
 * much of what running the work elsewhere saves.
 */
import {
  type Change,
  type DiffSummary,
  type ExportOptions,
  type ExportResult,
  eachOperation,
  exportConnector,
  type JsonObject,
  type OasVersion,
} from '@portico/openapi';
import yaml from 'js-yaml';
import { diffDocuments } from '../changes/revision-diff.ts';
import { PorticoError } from '../errors.ts';
import { analyzeDefinition, readDefinition } from './definition.ts';
import { withBaseUrl } from './package.ts';
import type { DefinitionReport } from './report.ts';

export interface AnalysisRequest {
  text: string;
  /** How findings and errors name the text: its URL, file name, or "the uploaded definition". */
  uri: string;
  maxBytes: number;
  /** The revision the text would replace: the diff is made against it when the content differs. */
  previous?: { id: string; number: number; text: string; contentHash: string };
}

/** The diff against `previous`, made with the analysis; ingest stores it only if that is still the current one. */
export interface PendingDiff {
  previousRevisionId: string;
  summary: DiffSummary;
  changes: Change[];
  comparedAs: string;
}

/** What a revision stores from an analysed text. */
export interface Analysis {
  version: { family: OasVersion; version: string };
  format: 'json' | 'yaml';
  mediaType: 'application/json' | 'application/yaml';
  contentHash: string;
  report: DefinitionReport;
  /** Absent without `previous`, when the content equals it, or when the diff could not be made (`diffError`). */
  diff?: PendingDiff;
  diffError?: string;
}

/** A stored revision's text exported as a connector package (apps/package.ts), with the app's base URL. */
export interface ExportRequest {
  text: string;
  /** How errors name the text, e.g. `inventory revision 3`. */
  uri: string;
  baseUrl: string | null;
  /** The core's export options, without a progress callback (it would not cross a thread). */
  options: Omit<ExportOptions, 'onProgress' | 'consumeInput'>;
}

/** Two stored revisions' texts to diff (changes/revision-diff.ts), older first. */
export interface DiffRequest {
  text: string;
  /** How errors name the newer text, e.g. `inventory revision 4`. */
  uri: string;
  from: { text: string; uri: string };
}

/** The diff of two revisions, breaking changes first. */
export interface RevisionsDiff {
  summary: DiffSummary;
  changes: Change[];
  comparedAs: string;
}

/** A stored revision's text whose operations are wanted (changes/impact.ts). */
export interface OperationsRequest {
  text: string;
  /** How errors name the text, e.g. `inventory revision 3`. */
  uri: string;
}

/** Each operation's `operationId` by its pointer (`/paths/~1items/get`), for the operations that have one. */
export type OperationIds = Record<string, string>;

export type HostedFormat = 'json' | 'yaml';

/** A stored revision's text as hosted (apps/hosting.ts): the bundled document serialized as JSON or YAML. */
export interface HostRequest {
  text: string;
  /** How errors name the text, e.g. `inventory revision 3`. */
  uri: string;
  format: HostedFormat;
}

/** An answer as data, so that it crosses a thread: an API error is rebuilt on the other side. */
export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: { code: PorticoError['code']; message: string; details: unknown } }
  | { ok: false; internal: string };

async function outcome<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof PorticoError)
      return { ok: false, error: { code: error.code, message: error.message, details: error.details } };
    return { ok: false, internal: (error as Error)?.stack ?? String(error) };
  }
}

/** The operation ids of a bundled document by operation pointer. */
function operationIdsOf(document: JsonObject): OperationIds {
  const ids: OperationIds = {};
  for (const { operation, pointer } of eachOperation(document)) {
    if (typeof operation.operationId === 'string') ids[pointer] = operation.operationId;
  }
  return ids;
}

export function runAnalysis(request: AnalysisRequest): Promise<Outcome<Analysis>> {
  return outcome(async () => {
    const analyzed = await analyzeDefinition(request.text, { uri: request.uri, maxBytes: request.maxBytes });
    const { document, locate: _locate, ...stored } = analyzed;
    const analysis: Analysis = stored;
    const previous = request.previous;
    if (previous && previous.contentHash !== analyzed.contentHash) {
      try {
        const diff = diffDocuments(
          (await readStored(previous.text, `revision ${previous.number}`)).document,
          document,
          {
            revisionId: '',
            previousRevisionId: previous.id,
          },
        );
        analysis.diff = {
          previousRevisionId: previous.id,
          summary: diff.summary,
          changes: diff.changes,
          comparedAs: diff.comparedAs,
        };
      } catch (error) {
        // The revision is stored all the same; its diff is made when it is first read (changes/revision-diff.ts).
        analysis.diffError = (error as Error).message;
      }
    }
    return analysis;
  });
}

/** Reads a stored revision's text (its size was checked when it was stored). */
function readStored(text: string, uri: string): ReturnType<typeof readDefinition> {
  return readDefinition(text, { uri, maxBytes: Number.POSITIVE_INFINITY });
}

export function runExport(request: ExportRequest): Promise<Outcome<ExportResult>> {
  return outcome(async () => {
    const read = await readStored(request.text, request.uri);
    // The document was read for this export alone: the export may convert it in place.
    return exportConnector(
      { document: withBaseUrl(read.document, read.version.family, request.baseUrl), version: read.version.family },
      { ...request.options, consumeInput: true },
    );
  });
}

export function runDiff(request: DiffRequest): Promise<Outcome<RevisionsDiff>> {
  return outcome(async () => {
    const from = await readStored(request.from.text, request.from.uri);
    const to = await readStored(request.text, request.uri);
    const { summary, changes, comparedAs } = diffDocuments(from.document, to.document, {
      revisionId: '',
      previousRevisionId: null,
    });
    return { summary, changes, comparedAs };
  });
}

export function runOperations(request: OperationsRequest): Promise<Outcome<OperationIds>> {
  return outcome(async () => {
    const { document } = await readStored(request.text, request.uri);
    return operationIdsOf(document);
  });
}

export function runHost(request: HostRequest): Promise<Outcome<string>> {
  return outcome(async () => {
    const { document } = await readStored(request.text, request.uri);
    return request.format === 'json'
      ? `${JSON.stringify(document, null, 2)}\n`
      : yaml.dump(document, { noRefs: true, lineWidth: -1, quotingType: '"' });
  });
}
