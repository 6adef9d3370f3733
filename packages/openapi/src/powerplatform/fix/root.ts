/** 2.0 fixes on the document root: host/basePath/schemes, info, security choice, visibility casing. */
import { childPointer, isObject } from '../../pointer.ts';
import type { AppliedFix, JsonObject } from '../../types.ts';
import type { OperationRef } from '../../walk.ts';
import { MAX_DESCRIPTION_LENGTH, MAX_TITLE_LENGTH, MIN_DESCRIPTION_LENGTH } from '../limits.ts';
import type { Facts, FactsCache } from '../util/facts.ts';
import { PP_FORMATS } from '../util/formats.ts';
import { ensureObject } from '../util/json.ts';
import { truncateWords } from './names.ts';
import { allRequirements, pruneRequirementList, schemesToKeep } from './security.ts';

/** host without scheme/path, basePath starting with "/", schemes limited to http/https (default https). */
export function fixServer(document: JsonObject, fixes: AppliedFix[]): void {
  if (typeof document.host === 'string') {
    const match = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/\s?#]+)([^?#\s]*)/i.exec(document.host.trim());
    if (match && (match[1] !== undefined || (match[3] ?? '') !== '' || match[2] !== document.host)) {
      const [, scheme, host, path] = match;
      const before = document.host;
      document.host = host!;
      if (path && path !== '/' && (document.basePath === undefined || document.basePath === '/'))
        document.basePath = path;
      if (scheme && (scheme === 'http' || scheme === 'https') && document.schemes === undefined)
        document.schemes = [scheme];
      fixes.push({
        rule: 'pp-host',
        pointer: '/host',
        message: `host "${before}" became "${host}"${path && path !== '/' ? ` with basePath "${path}"` : ''}.`,
      });
    }
  }
  if (document.basePath === undefined) {
    document.basePath = '/';
    fixes.push({ rule: 'pp-base-path', pointer: '/basePath', message: 'Added basePath "/".' });
  } else if (typeof document.basePath === 'string' && !document.basePath.startsWith('/')) {
    document.basePath = `/${document.basePath}`;
    fixes.push({
      rule: 'pp-base-path',
      pointer: '/basePath',
      message: `basePath now starts with "/": "${document.basePath}".`,
    });
  }
  const schemes = Array.isArray(document.schemes) ? document.schemes.filter((s) => s === 'http' || s === 'https') : [];
  if (!Array.isArray(document.schemes) || schemes.length !== document.schemes.length || schemes.length === 0) {
    const next = schemes.length > 0 ? schemes : ['https'];
    document.schemes = next;
    fixes.push({ rule: 'pp-schemes', pointer: '/schemes', message: `schemes set to ${JSON.stringify(next)}.` });
  }
}

/** Title within 30 safe characters; description present (derived from the title) and at most 500 characters. */
export function fixInfo(document: JsonObject, fixes: AppliedFix[]): void {
  const info = ensureObject(document, 'info');
  const title = typeof info.title === 'string' ? info.title : '';
  let clean = title
    .replace(/[^\p{L}\p{N} ._()-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  clean = truncateWords(clean, MAX_TITLE_LENGTH);
  if (clean === '') clean = 'Connector';
  if (clean !== title) {
    info.title = clean;
    fixes.push({ rule: 'pp-info-title', pointer: '/info/title', message: `Title "${title}" became "${clean}".` });
  }
  const description = typeof info.description === 'string' ? info.description.trim() : '';
  if (description === '') {
    let text = `${clean} connector, exported from the ${clean} OpenAPI definition.`;
    if (text.length < MIN_DESCRIPTION_LENGTH) text = `${text} Use it to call the ${clean} operations.`;
    info.description = text;
    fixes.push({
      rule: 'pp-info-description',
      pointer: '/info/description',
      message: 'Added a connector description derived from the title.',
    });
  } else if (description.length > MAX_DESCRIPTION_LENGTH) {
    info.description = truncateWords(description, MAX_DESCRIPTION_LENGTH - 1) + '.';
    fixes.push({
      rule: 'pp-info-description',
      pointer: '/info/description',
      message: `Description shortened to ${MAX_DESCRIPTION_LENGTH} characters.`,
    });
  }
}

/** Keeps the one security definition Power Platform can use (or several API keys used together). */
export function fixSecurity(
  document: JsonObject,
  operationRefs: readonly OperationRef[],
  fixes: AppliedFix[],
  facts: FactsCache,
): void {
  const defs = document.securityDefinitions;
  if (!isObject(defs)) return;
  const schemes = Object.fromEntries(Object.entries(defs).filter(([, d]) => isObject(d))) as Record<string, JsonObject>;
  const operations = operationRefs.map((o) => o.operation);
  const keep = new Set(schemesToKeep(schemes, allRequirements(document, operations)));
  const dropped = Object.keys(defs).filter((n) => !keep.has(n));
  if (dropped.length === 0 || keep.size === 0) return;
  for (const name of dropped) {
    delete defs[name];
    fixes.push({
      rule: 'pp-security-definitions',
      pointer: childPointer('/securityDefinitions', name),
      message: `Dropped security definition "${name}"; the connector uses "${[...keep].join('", "')}".`,
    });
  }
  pruneRequirementList(document, keep);
  for (const op of operations) pruneRequirementList(op, keep);
  // Every operation's requirement list was rewritten.
  facts.clear();
}

/** `x-ms-visibility: Advanced` → `advanced` (the service accepts any case, the schema only lower case). */
export function fixVisibilityCase(facts: Facts, fixes: AppliedFix[]): void {
  for (const ext of facts.extensions) {
    if (ext.name !== 'x-ms-visibility' || typeof ext.value !== 'string') continue;
    const lower = ext.value.toLowerCase();
    if (lower !== ext.value && ['important', 'advanced', 'internal'].includes(lower)) {
      ext.owner['x-ms-visibility'] = lower;
      fixes.push({
        rule: 'pp-x-ms-visibility',
        pointer: ext.pointer,
        message: `x-ms-visibility "${ext.value}" → "${lower}".`,
      });
    }
  }
}

const FORMAT_ALIASES: Record<string, string> = {
  'uri-reference': 'uri',
  url: 'uri',
  iri: 'uri',
  datetime: 'date-time',
  int: 'int32',
  integer: 'int32',
  long: 'int64',
};

/** Maps close format names to supported ones and removes the rest (format is an annotation; the type stays). */
export function fixFormats(facts: Facts, fixes: AppliedFix[]): void {
  for (const { holder, pointer } of facts.formats) {
    const format = String(holder.format);
    if (PP_FORMATS.includes(format)) continue;
    const alias = FORMAT_ALIASES[format.toLowerCase()];
    if (alias !== undefined) holder.format = alias;
    else delete holder.format;
    fixes.push({
      rule: 'pp-schema-format',
      pointer: childPointer(pointer, 'format'),
      message: alias !== undefined ? `format "${format}" → "${alias}".` : `Removed unsupported format "${format}".`,
    });
  }
}
