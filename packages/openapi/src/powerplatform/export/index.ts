/**
 * Exports a Power Platform connector package (or one per tag) from an OpenAPI document:
 * pre-fixes (3.x) → convert to 2.0 → fixes → select/split → prune → pp rules → serialize.
 */
import { convertDocument } from '../../convert/index.ts';
import { withDocumentMemo } from '../../memo.ts';
import { getAt, isObject, unescapeToken } from '../../pointer.ts';
import type { AppliedFix, Finding, JsonObject, JsonValue, Loss } from '../../types.ts';
import { eachOperation, type OperationRef } from '../../walk.ts';
import { applyPowerPlatformFixes, applyPreConversionFixes } from '../fix/index.ts';
import { MAX_DEFINITION_BYTES, MAX_OPERATIONS, MAX_TITLE_LENGTH } from '../limits.ts';
import { buildApiProperties } from '../properties/build.ts';
import { normalizeApiProperties } from '../properties/normalize.ts';
import { powerplatformRules, powerplatformRuleset } from '../rules/index.ts';
import { runRules } from '../rules/run.ts';
import { cloneJson, definitionBytesOf, definitionTextOf, serializeJson } from '../util/json.ts';
import { withDependencies } from './dependencies.ts';
import { pruneUnused } from './prune.ts';
import { appendEntry, PackageEntries, serializeReport } from './report-text.ts';
import { groupByTag, type OperationGroup, selectOperations, splitGroup, subsetDocument } from './select.ts';
import { buildSettings } from './settings.ts';
import type { ExportedPackage, ExportInput, ExportOptions, ExportResult } from './types.ts';

export type {
  ExportedPackage,
  ExportInput,
  ExportOptions,
  ExportReport,
  ExportResult,
  PackageFileName,
} from './types.ts';

interface Prepared {
  document: JsonObject;
  fixes: AppliedFix[];
  losses: Loss[];
  renamed: Record<string, string>;
  /** Shared by the packages of one export: the fixes and losses cut by path (made on first use). */
  fixList?: PackageEntries<AppliedFix>;
  lossList?: PackageEntries<Loss>;
}

/** What every package of one export shares: the input, the options, the prepared document and the carried properties. */
interface ExportRun {
  input: ExportInput;
  options: ExportOptions;
  prepared: Prepared;
  /** The input package's apiProperties.json, normalised (package folders and registry imports). */
  carried: JsonObject | undefined;
  /** True when the export makes several packages (or was asked to split): each is titled after its group. */
  split: boolean;
  /** True when there is one group: settings.json says so. */
  single: boolean;
}

/** Converts to 2.0 and applies the fixes (when asked); the input document is never mutated unless `consumeInput`. */
function prepare(input: ExportInput, options: ExportOptions): Prepared {
  const progress = options.onProgress ?? (() => {});
  const fixes: AppliedFix[] = [];
  let losses: Loss[] = [];
  let document: JsonObject;
  if (input.version === '2.0') {
    document = cloneJson(input.document);
  } else {
    let source = input.document;
    if (options.fix) {
      const pre = applyPreConversionFixes(source);
      source = pre.document;
      fixes.push(...pre.fixes);
    }
    progress('convert', 0, 1);
    // The pre-fixed document shares all it did not change with the input: converted in place only when that is ours.
    const converted = convertDocument(source, {
      to: '2.0',
      from: input.version,
      ...(options.consumeInput === true ? { inPlace: true } : {}),
    });
    progress('convert', 1, 1);
    document = converted.document;
    losses = converted.losses;
  }
  let renamed: Record<string, string> = {};
  if (options.fix) {
    progress('fix', 0, 1);
    // `document` is this export's own copy (converted or cloned above): fix it in place.
    const fixed = applyPowerPlatformFixes(document, {
      inPlace: true,
      ...(options.connectorName ? { connectorName: options.connectorName } : {}),
    });
    document = fixed.document;
    fixes.push(...fixed.fixes);
    renamed = fixed.renamedOperations;
    progress('fix', 1, 1);
  } else if (options.connectorName) {
    document.info = { ...(isObject(document.info) ? document.info : {}), title: options.connectorName };
  }
  // 3.x webhooks (kept by the converter as x-webhooks) describe calls the API makes, not operations a connector calls.
  for (const key of ['x-webhooks', 'webhooks']) {
    if (document[key] === undefined) continue;
    delete document[key];
    losses.push({
      kind: 'webhooks',
      pointer: `/${key}`,
      message: 'Webhooks describe requests the API sends; a connector only calls the API.',
      action: 'dropped from the connector',
    });
  }
  return { document, fixes, losses, renamed };
}

/** The pointer's token after `prefix` (unescaped), or null when the pointer does not start with it. */
function tokenAfter(pointer: string, prefix: string): string | null {
  if (!pointer.startsWith(prefix)) return null;
  const end = pointer.indexOf('/', prefix.length);
  return unescapeToken(pointer.slice(prefix.length, end < 0 ? undefined : end));
}

/**
 * What a fix or loss (its pointer into the source or the 2.0 document) concerns, for the report.json of each package:
 * a path (`/pets`), a schema (`definitions/Pet`: a package holds it when an operation of the package reaches it), or
 * null for everything else (the export as a whole: info, hosts, security, and components that conversion may drop
 * or inline, whose changes the operations using them carry).
 */
function scopeOf(pointer: string): string | null {
  const path = tokenAfter(pointer, '/paths/');
  if (path !== null) return path;
  const schema = tokenAfter(pointer, '/definitions/') ?? tokenAfter(pointer, '/components/schemas/');
  return schema === null ? null : definitionScope(schema);
}

function definitionScope(name: string): string {
  return `definitions/${name}`;
}

/** `Zoo` + `Animals` → `Zoo - Animals`, kept within the 30-character connector-name limit. */
function splitTitle(info: JsonValue | undefined, label: string): string {
  const title = isObject(info) && typeof info.title === 'string' ? info.title : 'Connector';
  const clean = (s: string) =>
    s
      .replace(/[^\p{L}\p{N} ._()-]+/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  const suffix = ` - ${clean(label)}`.slice(0, MAX_TITLE_LENGTH - 1);
  const head = clean(title)
    .slice(0, Math.max(1, MAX_TITLE_LENGTH - suffix.length))
    .trim();
  return `${head}${suffix}`.slice(0, MAX_TITLE_LENGTH).replace(/[^\p{L}\p{N})]+$/u, '');
}

/** Drops policy-template operation names that are not in the package (and instances left with none). */
function propertiesForPackage(properties: JsonObject, operationIds: Set<string>, split: boolean): JsonObject {
  if (!split || !isObject(properties.properties) || !Array.isArray(properties.properties.policyTemplateInstances))
    return properties;
  const copy = cloneJson(properties);
  const root = copy.properties as JsonObject;
  root.policyTemplateInstances = (root.policyTemplateInstances as JsonObject[]).filter((instance) => {
    if (!isObject(instance) || !isObject(instance.parameters)) return true;
    const names = instance.parameters['x-ms-apimTemplate-operationName'];
    if (!Array.isArray(names) || names.length === 0) return true;
    const kept = names.filter((n) => typeof n === 'string' && operationIds.has(n));
    instance.parameters['x-ms-apimTemplate-operationName'] = kept;
    return kept.length > 0;
  });
  return copy;
}

/** Builds one or more connector packages from a bundled OpenAPI document of any version. Pure: no I/O. */
export function exportConnector(input: ExportInput, options: ExportOptions = {}): ExportResult {
  const inputFindings: Finding[] = [];
  if (!isObject(input.document.paths)) {
    inputFindings.push({
      rule: 'pp-export-input',
      severity: 'error',
      message: 'The definition has no `paths` object, so there is nothing to export.',
      pointer: '',
      fix: 'Pass an OpenAPI document (2.0, 3.0 or 3.1) that describes at least one operation under `paths`.',
    });
    return { packages: [], findings: inputFindings, importable: false };
  }
  let prepared: Prepared;
  try {
    prepared = prepare(input, options);
  } catch (error) {
    inputFindings.push({
      rule: 'pp-export-input',
      severity: 'error',
      message: `The definition could not be converted to Swagger 2.0: ${(error as Error).message}`,
      pointer: '',
      fix: 'Validate the definition (`portico validate`) and correct the reported problems.',
    });
    return { packages: [], findings: inputFindings, importable: false };
  }
  // From here on the prepared document is only read: walks of it (operations, their callees) are shared.
  return withDocumentMemo(() => exportPrepared(input, options, prepared, inputFindings));
}

/** Selects, splits and builds the packages of a prepared (converted, fixed) document. */
function exportPrepared(
  input: ExportInput,
  options: ExportOptions,
  prepared: Prepared,
  inputFindings: Finding[],
): ExportResult {
  const progress = options.onProgress ?? (() => {});
  const { document } = prepared;
  let carried: JsonObject | undefined;
  if (input.properties && Object.keys(input.properties).length > 0) {
    const normalized = normalizeApiProperties(input.properties);
    carried = normalized.properties;
    prepared.fixes.push(
      ...normalized.normalizations.map((n) => ({ ...n, pointer: `apiProperties.json#${n.pointer}` })),
    );
    inputFindings.push(...normalized.findings.map((f) => ({ ...f, source: 'apiProperties.json' })));
  }
  const selection = selectOperations(document, {
    ...(options.includeTags ? { includeTags: options.includeTags } : {}),
    ...(options.includeOperations ? { includeOperations: options.includeOperations } : {}),
  });
  inputFindings.push(...selection.findings);
  if (selection.operations.length === 0) {
    inputFindings.push({
      rule: 'pp-export-select',
      severity: 'error',
      message: 'No operation is left to export.',
      pointer: '/paths',
      fix: 'Add operations to the definition or widen --include-tags / --include-operations.',
    });
    return { packages: [], findings: inputFindings, importable: false };
  }
  let groups: OperationGroup[] = options.splitByTag
    ? groupByTag(selection.operations)
    : [{ name: 'connector', operations: selection.operations }];
  groups = groups.flatMap((g) => splitGroup(g, MAX_OPERATIONS));
  // Subsets keep the operations their dynamic values, schemas and notifications call.
  if (groups.length > 1 || selection.operations.length < eachOperation(document).length) {
    groups = groups.map((g) => ({ ...g, operations: withDependencies(document, g.operations) }));
  }
  const packages: ExportedPackage[] = [];
  const run: ExportRun = {
    input,
    options,
    prepared,
    carried,
    split: groups.length > 1 || options.splitByTag === true,
    single: groups.length === 1,
  };
  const queue = [...groups];
  let done = 0;
  while (queue.length > 0) {
    const group = queue.shift()!;
    progress('package', done, done + queue.length + 1);
    const pruned = packageDocument(run, group);
    // A split package over the size limit is halved again (numbered parts) while that can help; its rules are not run.
    if (run.split && definitionBytesOf(pruned.document) > MAX_DEFINITION_BYTES && group.operations.length > 1) {
      const half = Math.ceil(group.operations.length / 2);
      const label = group.label ?? group.name;
      queue.unshift(
        {
          name: `${group.name}-a`,
          label: `${label} A`,
          operations: withDependencies(document, group.operations.slice(0, half)),
        },
        {
          name: `${group.name}-b`,
          label: `${label} B`,
          operations: withDependencies(document, group.operations.slice(half)),
        },
      );
      continue;
    }
    packages.push(buildPackage(run, group, pruned));
    done++;
  }
  progress('package', done, done);
  const importable = packages.every((p) => p.report.importable) && !inputFindings.some((f) => f.severity === 'error');
  return { packages, findings: inputFindings, importable };
}

/** The package's definition: the group's operations, titled after the group when split, without unused components. */
function packageDocument(run: ExportRun, group: OperationGroup): { document: JsonObject; removed: number } {
  const { input, options, prepared, split } = run;
  // A whole 2.0 document exported without --fix is kept as written (faithful round trips); otherwise unused components go.
  const prune =
    split ||
    options.fix === true ||
    input.version !== '2.0' ||
    Boolean(options.includeTags?.length || options.includeOperations?.length);
  const subset = subsetDocument(prepared.document, group.operations, prune);
  if (split)
    subset.info = {
      ...(isObject(subset.info) ? subset.info : {}),
      title: splitTitle(subset.info, group.label ?? group.name),
    };
  return prune ? pruneUnused(subset) : { document: subset, removed: 0 };
}

function buildPackage(
  run: ExportRun,
  group: OperationGroup,
  pruned: { document: JsonObject; removed: number },
): ExportedPackage {
  const { input } = run;
  const { document } = pruned;
  // What the package holds, for the fixes and losses its report lists: its paths and its schemas.
  const scopes = new Set(Object.keys(isObject(document.paths) ? document.paths : {}));
  if (isObject(document.definitions)) for (const name in document.definitions) scopes.add(definitionScope(name));
  const locate = input.version === '2.0' ? input.locate : undefined;
  // The package document is only read from here on: its serialized text is made once, for pp-definition-size and the file.
  return withDocumentMemo(() => {
    const findings = runRules(document, powerplatformRules, powerplatformRuleset, {
      ...(locate ? { locate: (p: string) => (getAt(input.document, p) === undefined ? undefined : locate(p)) } : {}),
    });
    return finishPackage(run, group, pruned, scopes, findings);
  });
}

function finishPackage(
  run: ExportRun,
  group: OperationGroup,
  pruned: { document: JsonObject; removed: number },
  scopes: Set<string>,
  findings: Finding[],
): ExportedPackage {
  const { input, options, prepared, carried, split, single } = run;
  const { document } = pruned;
  const operationIds = new Set(group.operations.map((op: OperationRef) => String(op.operation.operationId)));
  const properties = propertiesForPackage(
    buildApiProperties(
      document,
      {
        ...(options.iconBrandColor ? { iconBrandColor: options.iconBrandColor } : {}),
        ...(carried ? { carried } : {}),
        renamedOperations: prepared.renamed,
      },
      findings,
    ),
    operationIds,
    split,
  );
  const definitionText = definitionTextOf(document);
  const bytes = definitionBytesOf(document);
  const importable = !findings.some((f) => f.severity === 'error');
  // Made once all export-wide fixes are known (carried apiProperties.json normalisations are added after prepare).
  prepared.fixList ??= new PackageEntries(prepared.fixes, scopeOf);
  prepared.lossList ??= new PackageEntries(prepared.losses, scopeOf);
  const fixes = prepared.fixList.select(scopes);
  const losses = prepared.lossList.select(scopes);
  if (pruned.removed > 0) {
    appendEntry<AppliedFix>(fixes, {
      rule: 'pp-prune-unused',
      pointer: '',
      message: `Removed ${pruned.removed} unused ${pruned.removed === 1 ? 'entry' : 'entries'} of definitions/parameters/responses (no operation of this package reaches ${pruned.removed === 1 ? 'it' : 'them'}).`,
    });
  }
  const report = {
    findings,
    fixes: fixes.entries,
    losses: losses.entries,
    stats: {
      operations: group.operations.length,
      bytes,
      schemas: isObject(document.definitions) ? Object.keys(document.definitions).length : 0,
    },
    importable,
  };
  return {
    name: group.name,
    report,
    files: {
      'apiDefinition.swagger.json': definitionText,
      'apiProperties.json': serializeJson(properties),
      'settings.json': serializeJson(buildSettings(input.settings, single)),
      'report.json': serializeReport(report, fixes.text, losses.text),
    },
  };
}
