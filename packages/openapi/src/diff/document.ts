/** Changes that concern the whole API: its base URLs and its security schemes. */
import type { ApiModel, ModelSecurityScheme } from '../model/index.ts';
import type { DiffContext } from './context.ts';

function normaliseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The first server is where clients and connectors send requests: changing it, or dropping one, breaks them. */
export function diffServers(context: DiffContext, before: ApiModel, after: ApiModel): void {
  const oldUrls = before.servers.map((server) => normaliseUrl(server.url));
  const newUrls = after.servers.map((server) => normaliseUrl(server.url));
  const oldFirst = oldUrls[0];
  const newFirst = newUrls[0];
  if (oldFirst !== undefined && newFirst !== undefined && oldFirst !== newFirst) {
    context.document(
      'server-changed',
      `The base URL changed from ${oldFirst || '/'} to ${newFirst || '/'}`,
      ['servers', '0'],
      ['servers', '0'],
    );
  }
  oldUrls.forEach((url, index) => {
    if (index > 0 && !newUrls.includes(url)) {
      context.document(
        'server-changed',
        `The server ${url || '/'} was removed`,
        ['servers', String(index)],
        ['servers'],
      );
    }
  });
  newUrls.forEach((url, index) => {
    if (!oldUrls.includes(url) && !(index === 0 && oldFirst !== undefined)) {
      context.document('server-added', `The server ${url || '/'} was added`, ['servers'], ['servers', String(index)]);
    }
  });
}

/** The parts of a scheme a connection depends on (descriptions and scope texts aside). */
function essence(scheme: ModelSecurityScheme): string {
  switch (scheme.type) {
    case 'apiKey':
      return `apiKey in ${scheme.in} named ${scheme.parameterName}`;
    case 'http':
      return `http ${scheme.scheme}`;
    case 'oauth2':
      return `oauth2 ${scheme.flows
        .map((flow) => `${flow.kind} ${flow.authorizationUrl ?? ''} ${flow.tokenUrl ?? ''}`.trim())
        .sort()
        .join(', ')}`;
    case 'openIdConnect':
      return `openIdConnect ${scheme.openIdConnectUrl}`;
    case 'mutualTLS':
      return 'mutualTLS';
  }
}

function scopesOf(scheme: ModelSecurityScheme): Set<string> {
  return new Set(scheme.type === 'oauth2' ? scheme.flows.flatMap((flow) => Object.keys(flow.scopes)) : []);
}

/** Compares security schemes by name. */
export function diffSecuritySchemes(context: DiffContext, before: ApiModel, after: ApiModel): void {
  const newSchemes = new Map(after.securitySchemes.map((scheme) => [scheme.name, scheme]));
  const oldNames = new Set(before.securitySchemes.map((scheme) => scheme.name));
  for (const scheme of before.securitySchemes) {
    const place = ['components', 'securitySchemes', scheme.name];
    const match = newSchemes.get(scheme.name);
    if (match === undefined) {
      context.document('security-scheme-removed', `The security scheme "${scheme.name}" was removed`, place, place);
      continue;
    }
    if (essence(scheme) !== essence(match)) {
      context.document(
        'security-scheme-changed',
        `The security scheme "${scheme.name}" changed from ${essence(scheme)} to ${essence(match)}`,
        place,
        place,
      );
    }
    const newScopes = scopesOf(match);
    const lost = [...scopesOf(scheme)].filter((scope) => !newScopes.has(scope));
    if (lost.length > 0) {
      context.document(
        'security-scheme-changed',
        `The security scheme "${scheme.name}" no longer offers the scopes ${lost.join(', ')}`,
        place,
        place,
      );
    }
  }
  for (const scheme of after.securitySchemes) {
    if (oldNames.has(scheme.name)) continue;
    const place = ['components', 'securitySchemes', scheme.name];
    context.document('security-scheme-added', `The security scheme "${scheme.name}" was added`, place, place);
  }
}
