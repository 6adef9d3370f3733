/** `portico convert <input> --to 2.0|3.0|3.1 [--out file] [--json]`: JSON (or YAML for .yaml/.yml) with losses on stderr. */
import { resolve } from 'node:path';
import { convertDocument, type Loss, type OasVersion } from '../core.ts';
import { ExitCode } from '../errors.ts';
import { loadInput } from '../input/load.ts';
import { placeFindings } from '../input/place.ts';
import type { CommandIo } from '../io.ts';
import { writeFilesAtomic } from '../output/atomic.ts';
import { formatFindings } from '../output/findings.ts';
import { formatLosses } from '../output/losses.ts';
import { isYamlPath, serializeDocument } from '../output/serialize.ts';
import { printJson, progressFor } from './shared.ts';

export interface ConvertOptions {
  to: OasVersion;
  out?: string;
  json?: boolean;
  progress?: boolean;
}

/** The `convert --json` report. */
export interface ConvertReport {
  from: string;
  to: OasVersion;
  /** The file written, or null when the document was printed (then it is in `document`). */
  out: string | null;
  losses: Loss[];
  document?: unknown;
}

/** Runs `portico convert`. */
export async function runConvert(input: string, options: ConvertOptions, io: CommandIo): Promise<void> {
  const progress = progressFor(io, options);
  const loaded = await loadInput(input, io, progress);
  progress.stage('converting', `to ${options.to}`);
  const { resolved } = loaded;
  const result = convertDocument(resolved.document, { to: options.to, from: resolved.version.family });
  const text = (format: 'json' | 'yaml') => serializeDocument(result.document, format);
  let outPath: string | null = null;
  if (options.out) {
    progress.stage('writing', options.out);
    outPath = resolve(io.cwd, options.out);
    await writeFilesAtomic([{ path: outPath, content: text(isYamlPath(outPath) ? 'yaml' : 'json') }]);
  }
  progress.done();
  if (options.json) {
    const report: ConvertReport = { from: loaded.version, to: options.to, out: outPath, losses: result.losses };
    if (!outPath) report.document = result.document;
    printJson(io, report);
  } else if (!outPath) {
    io.stdout.write(text('json'));
  }
  if (!options.json) {
    // Broken $refs do not stop a conversion, but the user should know the output keeps them.
    io.stderr.write(formatFindings(placeFindings(resolved.findings, resolved, io.cwd), loaded.source.display));
    io.stderr.write(formatLosses(result.losses, `Not representable in ${options.to}`));
    if (outPath) io.stderr.write(`Wrote ${options.out} (${options.to}).\n`);
  }
  io.setExitCode(ExitCode.ok);
}
