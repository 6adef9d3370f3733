/**
 * Pass (3.x → 2.0): turns `components/securitySchemes` into `securityDefinitions` — bearer and other
 * HTTP schemes become Authorization-header API keys, OAuth keeps one flow — and drops requirements
 * on schemes 2.0 cannot hold.
 */
import { childPointer, isObject } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';
import type { ConvertContext, Pass } from '../context.ts';
import { eachOperationV3 } from '../operations.ts';

const FLOW_ORDER = [
  ['authorizationCode', 'accessCode'],
  ['implicit', 'implicit'],
  ['password', 'password'],
  ['clientCredentials', 'application'],
] as const;

function authorizationHeader(description: string, extra: JsonObject = {}): JsonObject {
  return { type: 'apiKey', name: 'Authorization', in: 'header', description, ...extra };
}

/** Converts one security scheme; undefined when Swagger 2.0 has no way to express it. */
export function securitySchemeToV2(
  context: ConvertContext,
  scheme: JsonObject,
  pointer: string,
): JsonObject | undefined {
  const description = typeof scheme.description === 'string' ? scheme.description : undefined;
  let out: JsonObject | undefined;
  switch (scheme.type) {
    case 'apiKey':
      if (scheme.in === 'cookie') {
        context.loss(
          'cookie-api-key',
          pointer,
          'Swagger 2.0 API keys cannot be sent as cookies.',
          'scheme and its requirements dropped',
        );
        return undefined;
      }
      out = { type: 'apiKey', name: context.alias(scheme.name ?? ''), in: context.alias(scheme.in ?? 'header') };
      if (description !== undefined) out.description = description;
      break;
    case 'http': {
      const kind = typeof scheme.scheme === 'string' ? scheme.scheme.toLowerCase() : '';
      if (kind === 'basic') {
        out = { type: 'basic' };
        if (description !== undefined) out.description = description;
      } else if (kind === 'bearer') {
        context.loss(
          'http-bearer',
          pointer,
          'Swagger 2.0 has no bearer scheme.',
          'apiKey in the Authorization header; the value must start with "Bearer "',
        );
        out = authorizationHeader(description ?? 'Bearer token: send "Bearer <token>" in the Authorization header.');
        if (typeof scheme.bearerFormat === 'string') out['x-bearerFormat'] = scheme.bearerFormat;
      } else {
        context.loss(
          'http-other-scheme',
          pointer,
          `Swagger 2.0 has no "${kind}" HTTP scheme.`,
          'apiKey in the Authorization header',
        );
        out = authorizationHeader(description ?? `HTTP ${kind} credentials in the Authorization header.`, {
          'x-scheme': kind,
        });
      }
      break;
    }
    case 'oauth2': {
      const flows = isObject(scheme.flows) ? scheme.flows : {};
      const present = FLOW_ORDER.filter(([name]) => isObject(flows[name]));
      const chosen = present[0];
      if (chosen === undefined) return undefined;
      const flow = flows[chosen[0]] as JsonObject;
      out = { type: 'oauth2', flow: chosen[1] };
      if (chosen[0] === 'authorizationCode' || chosen[0] === 'implicit')
        out.authorizationUrl = context.alias(flow.authorizationUrl ?? '');
      if (chosen[0] !== 'implicit') out.tokenUrl = context.alias(flow.tokenUrl ?? '');
      out.scopes = context.alias(isObject(flow.scopes) ? flow.scopes : {});
      if (description !== undefined) out.description = description;
      if (typeof flow.refreshUrl === 'string') out['x-refreshUrl'] = flow.refreshUrl;
      if (present.length > 1) {
        context.loss(
          'oauth2-flows',
          childPointer(pointer, 'flows'),
          `Swagger 2.0 OAuth definitions have one flow; this scheme has ${present.length}.`,
          `kept the ${chosen[0]} flow only`,
        );
      }
      break;
    }
    case 'openIdConnect':
      context.loss(
        'openIdConnect',
        pointer,
        'Swagger 2.0 has no OpenID Connect scheme.',
        'apiKey in the Authorization header with x-openIdConnectUrl',
      );
      out = authorizationHeader(description ?? 'OpenID Connect bearer token in the Authorization header.', {
        'x-openIdConnectUrl': context.alias(scheme.openIdConnectUrl ?? ''),
      });
      break;
    case 'mutualTLS':
      context.loss(
        'mutualTLS',
        pointer,
        'Swagger 2.0 has no mutual TLS scheme.',
        'scheme and its requirements dropped',
      );
      return undefined;
    default:
      return undefined;
  }
  // A scheme may be the target of another scheme's reference: what it holds may be used twice.
  for (const [key, value] of Object.entries(scheme)) if (key.startsWith('x-')) out[key] = context.alias(value);
  return out;
}

/** Removes requirements on dropped schemes; an operation left with none falls back to the root security. */
function pruneRequirements(context: ConvertContext, holder: JsonObject, kept: Set<string>): void {
  const security = holder.security;
  if (!Array.isArray(security)) return;
  context.reusing(security);
  const pruned: JsonValue[] = security.filter(
    (req) => !isObject(req) || Object.keys(req).every((name) => kept.has(name)),
  );
  if (pruned.length === 0 && security.length > 0) delete holder.security;
  else holder.security = pruned;
}

export const securitySchemesToV2: Pass = {
  name: 'security-schemes-to-v2',
  run(context) {
    const document = context.document;
    const components = document.components;
    if (!isObject(components) || !isObject(components.securitySchemes)) return;
    const definitions: JsonObject = {};
    for (const [name, node] of Object.entries(components.securitySchemes)) {
      const scheme = context.resolve(node);
      if (!isObject(scheme)) continue;
      const converted = securitySchemeToV2(context, scheme, childPointer('/components/securitySchemes', name));
      if (converted !== undefined) definitions[name] = converted;
    }
    delete components.securitySchemes;
    if (Object.keys(definitions).length > 0) document.securityDefinitions = definitions;
    const kept = new Set(Object.keys(definitions));
    pruneRequirements(context, document, kept);
    for (const { operation } of eachOperationV3(document)) pruneRequirements(context, operation, kept);
  },
};
