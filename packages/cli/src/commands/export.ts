/**
 * `portico export <input> --out <dir> [--fix] [--split-by-tag] [--include-tags a,b] [--include-operations x,y] [--json]`:
 * writes Power Platform connector packages; exit 0 when every package is importable, 1 when not, 2 on unusable input.
 */
import { join, resolve } from 'node:path';
import { type ExportResult, exportConnector, type Finding } from '../core.ts';
import { ExitCode } from '../errors.ts';
import { type LoadedInput, loadInput } from '../input/load.ts';
import { placeFindings } from '../input/place.ts';
import type { CommandIo } from '../io.ts';
import { displayPath } from '../loaders/display.ts';
import { type FileToWrite, writeFilesAtomic } from '../output/atomic.ts';
import { toJsonFinding } from '../output/findings.ts';
import { type Progress, type Stage, silentProgress } from '../output/progress.ts';
import { type ExportSummary, formatExport, summarizeExport } from './export-report.ts';
import { printJson, progressFor } from './shared.ts';

export interface ExportOptions {
  out: string;
  fix?: boolean;
  splitByTag?: boolean;
  includeTags?: string[];
  includeOperations?: string[];
  json?: boolean;
  progress?: boolean;
}

/** The core's progress stages, as the CLI names them. */
const STAGES: Record<string, Stage> = { convert: 'converting', fix: 'fixing', package: 'exporting' };

/** A loaded input and the packages built from it: everything `portico export` does before writing. */
export interface BuiltExport {
  loaded: LoadedInput;
  result: ExportResult;
}

/** What `buildExport` takes: the command's options but the output ones. */
export interface BuildExportOptions extends Omit<ExportOptions, 'out' | 'json'> {
  /**
   * Leaves `loaded.resolved.document` as loaded, for a caller that reads it after the export. By default the
   * export consumes it (a 3.x document is converted in place rather than copied): the command itself only reads
   * the resolved definition's findings, origins and version afterwards, never its document.
   */
  keepDocument?: boolean;
}

/**
 * Loads `<input>` and builds its packages: read → parse → resolve → (fix) → convert → (fix) → select/split →
 * per-package rules → serialised files. `npm run bench` times this function, so it is the command's own path.
 */
export async function buildExport(
  input: string,
  options: BuildExportOptions,
  io: CommandIo,
  progress: Progress = silentProgress,
): Promise<BuiltExport> {
  const loaded = await loadInput(input, io, progress);
  const { resolved } = loaded;
  let lastStage: Stage | undefined;
  const result = exportConnector(
    {
      document: resolved.document,
      version: resolved.version.family,
      locate: resolved.locate,
      ...(loaded.properties ? { properties: loaded.properties } : {}),
      ...(loaded.settings ? { settings: loaded.settings } : {}),
    },
    {
      fix: options.fix === true,
      splitByTag: options.splitByTag === true,
      consumeInput: options.keepDocument !== true,
      ...(options.includeTags ? { includeTags: options.includeTags } : {}),
      ...(options.includeOperations ? { includeOperations: options.includeOperations } : {}),
      onProgress: (stage, done, total) => {
        const name = STAGES[stage];
        if (!name) return;
        if (name !== lastStage) progress.stage(name);
        lastStage = name;
        if (total > 1) progress.update(`${done}/${total}`);
      },
    },
  );
  return { loaded, result };
}

/** Runs `portico export`. */
export async function runExport(input: string, options: ExportOptions, io: CommandIo): Promise<void> {
  const progress = progressFor(io, options);
  const { loaded, result } = await buildExport(input, options, io, progress);
  const outDir = resolve(io.cwd, options.out);
  const findings = exportFindings(loaded, result, options.splitByTag === true, io.cwd);
  // A broken $ref or an unreadable apiProperties.json also makes the package unimportable.
  const importable = result.importable && result.packages.length > 0 && !findings.some((f) => f.severity === 'error');
  const written: string[] = [];
  if (importable) {
    progress.stage('writing', options.out);
    const files: FileToWrite[] = [];
    for (const pkg of result.packages) {
      const dir = options.splitByTag ? join(outDir, pkg.name) : outDir;
      for (const [name, content] of Object.entries(pkg.files)) files.push({ path: join(dir, name), content });
    }
    await writeFilesAtomic(files);
    written.push(...files.map((f) => displayPath(f.path, io.cwd)));
  }
  progress.done();
  const summary: ExportSummary = summarizeExport({
    version: loaded.version,
    out: outDir,
    importable,
    packages: result.packages,
    splitByTag: options.splitByTag === true,
    findings,
    written,
  });
  if (options.json) {
    printJson(io, {
      ...summary,
      errors: summary.errors.map(toJsonFinding),
      warnings: summary.warnings.map(toJsonFinding),
    });
  } else {
    const text = formatExport(summary, loaded.source.display, io.cwd, options.fix === true);
    (importable ? io.stdout : io.stderr).write(text);
  }
  io.setExitCode(importable ? ExitCode.ok : ExitCode.findings);
}

/** Every finding of the run: resolution, package folder, export-wide and per-package (named when split). */
function exportFindings(loaded: LoadedInput, result: ExportResult, split: boolean, cwd: string): Finding[] {
  // Package findings point into the Swagger 2.0 package; only for a 2.0 input is that the input itself.
  const source = loaded.resolved.version.family === '2.0' ? undefined : `${loaded.source.display} (as Swagger 2.0)`;
  const perPackage = result.packages.flatMap((pkg) =>
    pkg.report.findings.map((f) => ({
      ...f,
      ...(split ? { message: `[${pkg.name}] ${f.message}` } : {}),
      ...(source && f.source === undefined ? { source } : {}),
    })),
  );
  const all = [
    ...placeFindings(loaded.resolved.findings, loaded.resolved, cwd),
    ...loaded.inputFindings,
    ...result.findings,
    ...perPackage,
  ];
  const seen = new Set<string>();
  return all.filter((f) => {
    const key = `${f.rule}\u0000${f.source ?? ''}\u0000${f.pointer}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
