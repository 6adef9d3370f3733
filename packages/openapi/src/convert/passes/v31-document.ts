/**
 * Pass (3.1 → 3.0 or 2.0): removes the document-level constructs only 3.1 has — webhooks,
 * jsonSchemaDialect, info.summary, license.identifier, components/pathItems, mutualTLS (for 3.0) —
 * and fills what 3.0 requires (paths, responses).
 */
import { childPointer, isObject } from '../../pointer.ts';
import type { JsonObject } from '../../types.ts';
import type { ConvertContext, Pass } from '../context.ts';
import { eachOperationV3 } from '../operations.ts';

/** Replaces path items that are internal references by a copy of their target. */
export function inlinePathItems(context: ConvertContext): void {
  const paths = context.document.paths;
  if (!isObject(paths)) return;
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item) || typeof item.$ref !== 'string') continue;
    const target = context.resolve(item);
    if (!isObject(target)) continue;
    const copy = context.copy(target);
    context.reusing(item);
    for (const [key, value] of Object.entries(item)) if (key !== '$ref' && copy[key] === undefined) copy[key] = value;
    paths[path] = copy;
  }
}

export const v31Document: Pass = {
  name: 'v31-document',
  run(context) {
    const document = context.document;
    if (isObject(document.webhooks)) {
      for (const name of Object.keys(document.webhooks)) {
        context.loss(
          'webhooks',
          childPointer('/webhooks', name),
          `Webhook "${name}" has no equivalent before OpenAPI 3.1.`,
          'dropped',
        );
      }
    }
    delete document.webhooks;
    if (document.jsonSchemaDialect !== undefined) {
      context.loss('json-schema-dialect', '/jsonSchemaDialect', 'jsonSchemaDialect is OpenAPI 3.1 only.', 'dropped');
      delete document.jsonSchemaDialect;
    }
    const info = document.info;
    if (isObject(info)) {
      if (info.summary !== undefined) {
        context.loss('info-summary', '/info/summary', 'info.summary is OpenAPI 3.1 only.', 'kept as x-summary');
        info['x-summary'] = info.summary;
        delete info.summary;
      }
      const license = info.license;
      if (isObject(license) && license.identifier !== undefined) {
        context.loss(
          'license-identifier',
          '/info/license/identifier',
          'license.identifier is OpenAPI 3.1 only.',
          'kept as x-identifier',
        );
        license['x-identifier'] = license.identifier;
        delete license.identifier;
      }
    }
    inlinePathItems(context);
    const components = document.components;
    if (isObject(components)) {
      delete components.pathItems;
      if (context.to === '3.0' && isObject(components.securitySchemes)) {
        dropMutualTls(context, document, components.securitySchemes);
      }
    }
    if (!isObject(document.paths)) document.paths = {};
    for (const { operation } of eachOperationV3(document)) {
      if (!isObject(operation.responses) || Object.keys(operation.responses).length === 0) {
        operation.responses = { default: { description: 'Default response' } };
      }
    }
  },
};

function dropMutualTls(context: ConvertContext, document: JsonObject, schemes: JsonObject): void {
  const dropped = new Set<string>();
  for (const [name, scheme] of Object.entries(schemes)) {
    if (isObject(scheme) && scheme.type === 'mutualTLS') {
      context.loss(
        'mutualTLS',
        childPointer('/components/securitySchemes', name),
        'mutualTLS is OpenAPI 3.1 only.',
        'scheme and its requirements dropped',
      );
      delete schemes[name];
      dropped.add(name);
    }
  }
  if (dropped.size === 0) return;
  const prune = (holder: JsonObject): void => {
    if (!Array.isArray(holder.security)) return;
    context.reusing(holder.security);
    const kept = holder.security.filter((req) => !isObject(req) || Object.keys(req).every((n) => !dropped.has(n)));
    if (kept.length === 0) delete holder.security;
    else holder.security = kept;
  };
  prune(document);
  for (const { operation } of eachOperationV3(document)) prune(operation);
}
