/** Normalises 3.0 security schemes into the model's tagged union. */

import { asText } from '../convert/text.ts';
import { isObject } from '../pointer.ts';
import type { JsonObject } from '../types.ts';
import type { ModelSecurityScheme, OAuthFlow } from './types.ts';

const FLOW_KINDS = ['authorizationCode', 'implicit', 'password', 'clientCredentials'] as const;

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function withDescription(scheme: ModelSecurityScheme, description: string | undefined): ModelSecurityScheme {
  if (description !== undefined) scheme.description = description;
  return scheme;
}

/** One scheme of `components/securitySchemes` in model form, or undefined for an unknown type. */
export function normaliseSecurityScheme(name: string, scheme: JsonObject): ModelSecurityScheme | undefined {
  const description = text(scheme.description);
  switch (scheme.type) {
    case 'apiKey': {
      const location = scheme.in === 'query' || scheme.in === 'cookie' ? scheme.in : 'header';
      return withDescription(
        { name, type: 'apiKey', in: location, parameterName: text(scheme.name) ?? '' },
        description,
      );
    }
    case 'http': {
      const out: ModelSecurityScheme = { name, type: 'http', scheme: (text(scheme.scheme) ?? 'basic').toLowerCase() };
      if (text(scheme.bearerFormat) !== undefined) out.bearerFormat = text(scheme.bearerFormat)!;
      return withDescription(out, description);
    }
    case 'oauth2': {
      const flows: OAuthFlow[] = [];
      const source = isObject(scheme.flows) ? scheme.flows : {};
      for (const kind of FLOW_KINDS) {
        const flow = source[kind];
        if (!isObject(flow)) continue;
        const out: OAuthFlow = { kind, scopes: {} };
        for (const key of ['authorizationUrl', 'tokenUrl', 'refreshUrl'] as const) {
          if (text(flow[key]) !== undefined) out[key] = text(flow[key])!;
        }
        if (isObject(flow.scopes)) {
          for (const [scope, about] of Object.entries(flow.scopes)) out.scopes[scope] = asText(about ?? '');
        }
        flows.push(out);
      }
      return withDescription({ name, type: 'oauth2', flows }, description);
    }
    case 'openIdConnect':
      return withDescription(
        { name, type: 'openIdConnect', openIdConnectUrl: text(scheme.openIdConnectUrl) ?? '' },
        description,
      );
    case 'mutualTLS':
      return withDescription({ name, type: 'mutualTLS' }, description);
    default:
      return undefined;
  }
}
