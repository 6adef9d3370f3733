/**
 * The validation report of a revision: the findings of the `openapi` profile on the document as written, and
 * of the `powerplatform` profile on its Swagger 2.0 conversion (what Power Platform reads), kept apart so
 * the portal can show both.
 */
import {
  convertDocument,
  type Finding,
  genericRules,
  type JsonObject,
  type OasVersion,
  powerplatformRules,
  powerplatformRuleset,
  type SourcePosition,
  validateDocument,
} from '@portico/openapi';
import type { RevisionStats } from '../store/app-revisions.ts';

export interface ProfileReport {
  errors: number;
  warnings: number;
  findings: Finding[];
  /** Findings left out beyond MAX_STORED_FINDINGS (warnings and infos first; errors are kept longest). */
  omitted?: number;
}

/** The most findings a revision keeps per profile; counts stay exact (huge definitions give tens of thousands). */
export const MAX_STORED_FINDINGS = 5000;

const RANK = { error: 0, warning: 1, info: 2 } as const;

export interface DefinitionReport {
  /** The declared version, e.g. `3.0.3`. */
  version: string;
  family: OasVersion;
  title: string | null;
  operations: number;
  openapi: ProfileReport;
  powerplatform: ProfileReport;
}

function profile(findings: Finding[], max: number): ProfileReport {
  const report: ProfileReport = {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    findings,
  };
  if (findings.length > max) {
    const ranked = findings
      .map((finding, index) => ({ finding, index }))
      .sort((a, b) => RANK[a.finding.severity] - RANK[b.finding.severity] || a.index - b.index);
    report.findings = ranked.slice(0, max).map((r) => r.finding);
    report.omitted = findings.length - max;
  }
  return report;
}

function countOperations(document: JsonObject): number {
  const methods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
  let count = 0;
  const paths = document.paths;
  if (!paths || typeof paths !== 'object' || Array.isArray(paths)) return 0;
  for (const item of Object.values(paths)) {
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      count += Object.keys(item).filter((k) => methods.has(k)).length;
    }
  }
  return count;
}

/** Validates a bundled document under both profiles; never throws on bad documents. */
export function buildReport(input: {
  document: JsonObject;
  version: { family: OasVersion; version: string };
  locate?: (pointer: string) => SourcePosition | undefined;
  /** Findings of the resolver (broken `$ref`s), reported under the openapi profile. */
  resolveFindings?: Finding[];
  /** Findings kept per profile (default MAX_STORED_FINDINGS). */
  maxFindings?: number;
}): DefinitionReport {
  const max = input.maxFindings ?? MAX_STORED_FINDINGS;
  const { document, version } = input;
  const resolveFindings = input.resolveFindings ?? [];
  const knownBrokenRefs = resolveFindings.map((f) => f.pointer);
  const openapi = [
    ...resolveFindings,
    ...validateDocument(document, {
      version: version.family,
      ...(input.locate ? { locate: input.locate } : {}),
      knownBrokenRefs,
    }),
  ];
  const genericOff = Object.fromEntries(genericRules.map((rule) => [rule.id, 'off' as const]));
  const ppOptions = { rules: powerplatformRules, ruleset: { ...genericOff, ...powerplatformRuleset } };
  let powerplatform: Finding[];
  if (version.family === '2.0') {
    powerplatform = validateDocument(document, {
      version: '2.0',
      structural: false,
      ...ppOptions,
      ...(input.locate ? { locate: input.locate } : {}),
    });
  } else {
    let converted: ReturnType<typeof convertDocument>;
    try {
      converted = convertDocument(document, { to: '2.0', from: version.family });
    } catch (error) {
      // The converter refused the document (it is too broken to convert): report it, keep the openapi findings.
      powerplatform = [
        {
          rule: 'conversion-failed',
          severity: 'error',
          pointer: '',
          message: `The document cannot be converted to Swagger 2.0 for Power Platform: ${(error as Error).message}`,
          fix: 'Fix the errors of the openapi profile first.',
        },
      ];
      return finish(document, version, openapi, powerplatform, max);
    }
    const losses: Finding[] = converted.losses.map((loss) => ({
      rule: `conversion-loss-${loss.kind}`,
      severity: 'warning',
      pointer: loss.pointer,
      message: `${loss.message} (${loss.action})`,
    }));
    const onConverted = validateDocument(converted.document, { version: '2.0', structural: false, ...ppOptions });
    powerplatform = [...losses, ...onConverted.map((f) => ({ ...f, source: 'Swagger 2.0 conversion' }))];
  }
  return finish(document, version, openapi, powerplatform, max);
}

function finish(
  document: JsonObject,
  version: { family: OasVersion; version: string },
  openapi: Finding[],
  powerplatform: Finding[],
  max: number,
): DefinitionReport {
  const info = document.info;
  const title =
    info && typeof info === 'object' && !Array.isArray(info) && typeof info.title === 'string' ? info.title : null;
  return {
    version: version.version,
    family: version.family,
    title,
    operations: countOperations(document),
    openapi: profile(openapi, max),
    powerplatform: profile(powerplatform, max),
  };
}

/** The summary of a report that lists show (stored beside each revision). */
export function reportStats(report: DefinitionReport): RevisionStats {
  return {
    version: report.version,
    title: report.title,
    operations: report.operations,
    openapi: { errors: report.openapi.errors, warnings: report.openapi.warnings },
    powerplatform: { errors: report.powerplatform.errors, warnings: report.powerplatform.warnings },
  };
}
