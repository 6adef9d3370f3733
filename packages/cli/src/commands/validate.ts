/** `portico validate`: the input's findings under a profile; exit 0 without errors, 1 with, 2 unusable input. */
import {
  convertDocument,
  type Finding,
  genericRules,
  type Loss,
  powerplatformRules,
  powerplatformRuleset,
  type SourcePosition,
  validateDocument,
} from '../core.ts';
import { ExitCode } from '../errors.ts';
import { type LoadedInput, loadInput } from '../input/load.ts';
import { placeFindings } from '../input/place.ts';
import type { CommandIo } from '../io.ts';
import { countBySeverity, formatFindings, summarize, toValidateReport } from '../output/findings.ts';
import type { Progress } from '../output/progress.ts';
import { printJson, progressFor } from './shared.ts';

export type Profile = 'openapi' | 'powerplatform';

export interface ValidateOptions {
  profile: Profile;
  json?: boolean;
  progress?: boolean;
}

/** Runs `portico validate`. */
export async function runValidate(input: string, options: ValidateOptions, io: CommandIo): Promise<void> {
  const progress = progressFor(io, options);
  const loaded = await loadInput(input, io, progress);
  const findings = validateLoaded(loaded, options.profile, progress, io.cwd);
  progress.done();
  const counts = countBySeverity(findings);
  if (options.json) {
    printJson(io, toValidateReport(loaded.version, findings));
  } else {
    const name = loaded.source.display;
    io.stdout.write(
      `${name}: ${describeVersion(loaded.version)}, profile ${options.profile}: ${summarize(findings)}\n`,
    );
    const body = formatFindings(findings, name);
    if (body) io.stdout.write(`\n${body}`);
  }
  io.setExitCode(counts.error > 0 ? ExitCode.findings : ExitCode.ok);
}

/** Runs the profile's rules over a loaded input and returns every finding (resolution ones included). */
export function validateLoaded(loaded: LoadedInput, profile: Profile, progress: Progress, cwd: string): Finding[] {
  const { resolved } = loaded;
  const family = resolved.version.family;
  progress.stage('validating');
  const knownBrokenRefs = resolved.findings.map((f) => f.pointer);
  const powerplatform = profile === 'powerplatform';
  const findings: Finding[] = [
    ...placeFindings(resolved.findings, resolved, cwd),
    ...loaded.inputFindings,
    ...placeFindings(
      validateDocument(resolved.document, {
        version: family,
        locate: resolved.locate,
        knownBrokenRefs,
        // A 2.0 input is what Power Platform reads: its rules run on the input itself.
        ...(powerplatform && family === '2.0' ? { rules: powerplatformRules, ruleset: powerplatformRuleset } : {}),
      }),
      resolved,
      cwd,
    ),
  ];
  if (!powerplatform || family === '2.0') return dedupe(findings);
  // Power Platform reads Swagger 2.0: check the 2.0 conversion, whose pointers are not the input's.
  progress.stage('converting', 'to Swagger 2.0');
  const converted = convertDocument(resolved.document, { to: '2.0', from: family });
  findings.push(
    ...placeFindings(
      converted.losses.map((loss) => lossFinding(loss, resolved.locate)),
      resolved,
      cwd,
    ),
  );
  progress.stage('validating', 'the Swagger 2.0 conversion');
  const source = `${loaded.source.display} (as Swagger 2.0)`;
  const genericOff = Object.fromEntries(genericRules.map((rule) => [rule.id, 'off' as const]));
  for (const finding of validateDocument(converted.document, {
    version: '2.0',
    structural: false,
    rules: powerplatformRules,
    ruleset: { ...genericOff, ...powerplatformRuleset },
  })) {
    findings.push({ ...finding, source });
  }
  return dedupe(findings);
}

/** A conversion loss as a warning: something of the input that Power Platform will not see. */
export function lossFinding(loss: Loss, locate?: (pointer: string) => SourcePosition | undefined): Finding {
  const finding: Finding = {
    rule: `conversion-loss-${loss.kind}`,
    severity: 'warning',
    pointer: loss.pointer,
    message: `${loss.message} (${loss.action})`,
  };
  const at = locate?.(loss.pointer);
  return at ? { ...finding, line: at.line, column: at.column } : finding;
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.rule}\u0000${f.source ?? ''}\u0000${f.pointer}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** "OpenAPI 3.0.3" or "Swagger 2.0". */
export function describeVersion(version: string): string {
  return version.startsWith('2') ? `Swagger ${version}` : `OpenAPI ${version}`;
}
