/** Power Platform `--fix`: every safe, listed change that brings a definition closer to importable. */
import { isObject } from '../../pointer.ts';
import type { AppliedFix, JsonObject } from '../../types.ts';
import { eachOperation } from '../../walk.ts';
import { collectFacts, FactsCache } from '../util/facts.ts';
import { cloneJson } from '../util/json.ts';
import { ParameterLists } from '../util/parameters.ts';
import { fixOperationIds, fixResponses, fixSummaries } from './operations.ts';
import { orderDocument } from './order.ts';
import { fixParameters, fixQueryStringPaths, removeAuthorizationHeaders } from './parameters.ts';
import { fixFormats, fixInfo, fixSecurity, fixServer, fixVisibilityCase } from './root.ts';

export { applyPreConversionFixes, BEARER_DESCRIPTION } from './pre.ts';

export interface PowerPlatformFixOptions {
  /** Replaces `info.title` (the connector name) before the title fix runs. */
  connectorName?: string;
  /**
   * Edit `document2` itself instead of a copy: for a caller that owns the document (the exporter's freshly
   * converted one), so that 13 MB definitions are not copied once more.
   */
  inPlace?: boolean;
}

export interface PowerPlatformFixResult {
  document: JsonObject;
  fixes: AppliedFix[];
  /** operationIds that were renamed (old → new); policy templates in apiProperties.json must follow. */
  renamedOperations: Record<string, string>;
}

/** Applies every safe Power Platform fix to a copy of a Swagger 2.0 document (or to it, `inPlace`) and lists each change. */
export function applyPowerPlatformFixes(
  document2: JsonObject,
  options: PowerPlatformFixOptions = {},
): PowerPlatformFixResult {
  const document = options.inPlace === true ? document2 : cloneJson(document2);
  const fixes: AppliedFix[] = [];
  if (options.connectorName !== undefined && options.connectorName !== '') {
    if (!isObject(document.info)) document.info = {};
    const info = document.info as JsonObject;
    if (info.title !== options.connectorName) {
      info.title = options.connectorName;
      fixes.push({
        rule: 'pp-info-title',
        pointer: '/info/title',
        message: `Title set to "${options.connectorName}".`,
      });
    }
  }
  fixQueryStringPaths(document, fixes);
  // The fixes below change operations, never which operations there are.
  const operations = eachOperation(document);
  const parameters = new ParameterLists(document);
  removeAuthorizationHeaders(document, operations, parameters, fixes);
  // x-ms-* extensions and unsupported formats are found by one walk of the document (made for the references to
  // renamed operations) and, for the last two fixes, walked again only where a fix replaced objects (fixResponses,
  // fixSecurity). The fixes in between change no x-ms-visibility and no format; fixParameters adds x-ms-summary
  // and x-ms-url-encoding labels, which the facts may then lack: the last two fixes do not read them.
  const facts = new FactsCache({ refs: false });
  const renamedOperations = fixOperationIds(document, operations, fixes, facts);
  fixSummaries(operations, fixes);
  fixParameters(operations, parameters, fixes);
  fixResponses(document, operations, fixes, facts);
  fixServer(document, fixes);
  fixInfo(document, fixes);
  fixSecurity(document, operations, fixes, facts);
  const current = collectFacts(document, facts);
  fixVisibilityCase(current, fixes);
  fixFormats(current, fixes);
  orderDocument(document, operations);
  return { document, fixes, renamedOperations };
}
