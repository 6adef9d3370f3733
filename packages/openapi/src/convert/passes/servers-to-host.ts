/**
 * Pass (3.x → 2.0): derives `host`, `basePath` and `schemes` from the first server (variables replaced
 * by their defaults); other servers with the same host and path only add schemes.
 */
import { childPointer, isObject } from '../../pointer.ts';
import type { JsonObject } from '../../types.ts';
import type { ConvertContext, Pass } from '../context.ts';
import { asText } from '../text.ts';

/** A server URL with its variables replaced by their default values. */
export function substituteVariables(server: JsonObject): string {
  const url = typeof server.url === 'string' ? server.url : '/';
  const variables = isObject(server.variables) ? server.variables : {};
  return url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const variable = variables[name];
    return isObject(variable) && variable.default !== undefined ? asText(variable.default) : whole;
  });
}

interface SplitUrl {
  scheme?: string;
  host?: string;
  basePath: string;
}

/** Splits a server URL into scheme, host and base path; relative URLs have no host. */
export function splitServerUrl(url: string): SplitUrl {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/i.exec(url);
  if (match !== null) {
    const basePath = match[3] === undefined || match[3] === '' ? '/' : match[3];
    return { scheme: match[1]!.toLowerCase(), host: match[2]!, basePath: basePath.replace(/(.)\/+$/, '$1') };
  }
  if (url.startsWith('//')) {
    const rest = /^\/\/([^/?#]*)([^?#]*)/.exec(url)!;
    return { host: rest[1]!, basePath: rest[2] || '/' };
  }
  const path = url.split(/[?#]/)[0] ?? '/';
  const basePath = path.startsWith('/') ? path : `/${path.replace(/^\.\//, '')}`;
  return { basePath: basePath.replace(/(.)\/+$/, '$1') };
}

function applyServers(context: ConvertContext, document: JsonObject): void {
  const servers = Array.isArray(document.servers) ? document.servers.filter(isObject) : [];
  delete document.servers;
  const first = servers[0];
  if (first === undefined) return;
  if (isObject(first.variables) && Object.keys(first.variables).length > 0) {
    context.loss(
      'server-variables',
      '/servers/0/variables',
      'Swagger 2.0 has no server variables.',
      'default values substituted',
    );
  }
  const main = splitServerUrl(substituteVariables(first));
  if (main.host === undefined) {
    context.loss(
      'relative-server-url',
      '/servers/0/url',
      `Server URL "${asText(first.url)}" is relative.`,
      'basePath only, no host',
    );
  }
  const schemes: string[] = main.scheme !== undefined ? [main.scheme] : [];
  servers.slice(1).forEach((server, index) => {
    const other = splitServerUrl(substituteVariables(server));
    if (other.host === main.host && other.basePath === main.basePath && other.scheme !== undefined) {
      if (!schemes.includes(other.scheme)) schemes.push(other.scheme);
      return;
    }
    context.loss(
      'multiple-servers',
      childPointer('/servers', index + 1),
      `Server "${asText(server.url)}" differs from the first one.`,
      'dropped; the first server is used',
    );
  });
  if (main.host !== undefined && main.host !== '') document.host = main.host;
  if (main.basePath !== '/' || main.host === undefined) document.basePath = main.basePath;
  const valid = schemes.filter((s) => ['http', 'https', 'ws', 'wss'].includes(s));
  if (valid.length > 0) document.schemes = valid;
}

export const serversToHost: Pass = {
  name: 'servers-to-host',
  run(context) {
    applyServers(context, context.document);
  },
};
