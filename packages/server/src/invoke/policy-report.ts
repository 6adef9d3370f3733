/**
 * Import-time check of a connector's policy templates (gateway `checkPolicies`): an unknown template, a missing
 * template parameter or a policy naming an unknown operation becomes a finding of the connector's report, not a
 * runtime surprise. The gateway skips such instances at run time, so they do not change `importable`.
 */
import type { JsonObject } from '@portico/openapi';
import type { ConnectorReport } from '../connectors/types.ts';
import { checkPolicies } from '../gateway/index.ts';

/** The report with the policy findings added (once: a finding already present is not repeated). */
export function withPolicyFindings(
  report: ConnectorReport,
  properties: JsonObject,
  definition: JsonObject,
): ConnectorReport {
  const found = checkPolicies(properties, definition).map((f) => ({ ...f, source: 'apiProperties.json' }));
  if (found.length === 0) return report;
  const seen = new Set(report.findings.map((f) => `${f.rule}\u0000${f.pointer}`));
  const added = found.filter((f) => !seen.has(`${f.rule}\u0000${f.pointer}`));
  return added.length === 0 ? report : { ...report, findings: [...report.findings, ...added] };
}
