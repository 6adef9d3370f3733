/**
 * One definition analysis, the same on the server's thread and on the analysis worker (apps/analysis.ts): read
 * and validate the text (definition.ts), and diff it against the revision it would replace. The answer holds
 * no document, only what a revision stores: crossing threads, the 13 MB GitHub document would cost the main
 * thread much of what running the analysis elsewhere saves.
 */
import type { Change, DiffSummary, OasVersion } from '@portico/openapi';
import { diffDocuments, revisionDocument } from '../changes/revision-diff.ts';
import { PorticoError } from '../errors.ts';
import { analyzeDefinition } from './definition.ts';
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

/** The outcome as data, so that it crosses a thread: an API error is rebuilt on the other side. */
export type AnalysisOutcome =
  | { ok: true; analysis: Analysis }
  | { ok: false; error: { code: PorticoError['code']; message: string; details: unknown } }
  | { ok: false; internal: string };

export async function runAnalysis(request: AnalysisRequest): Promise<AnalysisOutcome> {
  try {
    const analyzed = await analyzeDefinition(request.text, { uri: request.uri, maxBytes: request.maxBytes });
    const { document, locate: _locate, ...stored } = analyzed;
    const analysis: Analysis = stored;
    const previous = request.previous;
    if (previous && previous.contentHash !== analyzed.contentHash) {
      try {
        const diff = diffDocuments(await revisionDocument(previous), document, {
          revisionId: '',
          previousRevisionId: previous.id,
        });
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
    return { ok: true, analysis };
  } catch (error) {
    if (error instanceof PorticoError)
      return { ok: false, error: { code: error.code, message: error.message, details: error.details } };
    return { ok: false, internal: (error as Error)?.stack ?? String(error) };
  }
}
