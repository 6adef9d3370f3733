/**
 * Testing a connection: one real call to the upstream API with the connection's credentials injected as the
 * connector's security definition says. The operation is the connector's `x-ms-capabilities.testConnection`
 * one, else a GET without required parameters. Private addresses are refused unless allow-listed.
 */

import { isIP } from 'node:net';
import type { JsonObject } from '@portico/openapi';
import { request } from 'undici';
import {
  addressAllowed,
  createHostAllowList,
  guardedAgent,
  normaliseHostname,
  PrivateAddressError,
} from '../fetch/index.ts';

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The outcome of a test call, as answered by the API. */
export interface ProbeResult {
  ok: boolean;
  /** The upstream HTTP status; null when no answer came. */
  status: number | null;
  message: string;
  operationId: string | null;
}

/** How long a test call may take, and how much of the answer is read. */
export const PROBE_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 64 * 1024;

interface ProbeOperation {
  operationId: string;
  method: string;
  path: string;
  operation: JsonObject;
  query: Record<string, string>;
}

function requiredParameters(op: JsonObject, pathItem: JsonObject): JsonObject[] {
  const all = [
    ...(Array.isArray(pathItem.parameters) ? pathItem.parameters : []),
    ...(Array.isArray(op.parameters) ? op.parameters : []),
  ].filter(isObject);
  return all.filter((p) => p.required === true && p.default === undefined && p['x-ms-dynamic-values'] === undefined);
}

/** The operation a test calls, or undefined when the connector has no safe one. */
export function pickProbeOperation(definition: JsonObject): ProbeOperation | undefined {
  const paths = isObject(definition.paths) ? definition.paths : {};
  const capabilities = isObject(definition['x-ms-capabilities']) ? definition['x-ms-capabilities'] : {};
  const test = isObject(capabilities.testConnection) ? capabilities.testConnection : undefined;
  const candidates: ProbeOperation[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!isObject(op) || method === 'parameters' || method.startsWith('x-')) continue;
      const operationId = typeof op.operationId === 'string' ? op.operationId : `${method.toUpperCase()} ${path}`;
      if (test && test.operationId === operationId) {
        const query: Record<string, string> = {};
        const fixed = isObject(test.parameters) ? test.parameters : {};
        for (const [k, v] of Object.entries(fixed)) if (v !== null && typeof v !== 'object') query[k] = String(v);
        return { operationId, method: method.toUpperCase(), path, operation: op, query };
      }
      const safe =
        method === 'get' &&
        !path.includes('{') &&
        op.deprecated !== true &&
        op['x-ms-trigger'] === undefined &&
        requiredParameters(op, item).filter((p) => p.in !== 'header').length === 0;
      if (safe) candidates.push({ operationId, method: 'GET', path, operation: op, query: {} });
    }
  }
  return candidates[0];
}

/** The base URL of calls: scheme, host and basePath, with a `dynamichosturl` policy applied. */
export function baseUrlOf(definition: JsonObject, properties: JsonObject, parameters: Record<string, string>): string {
  const schemes = Array.isArray(definition.schemes) ? definition.schemes.filter((s) => typeof s === 'string') : [];
  const scheme = schemes.includes('https') ? 'https' : ((schemes[0] as string | undefined) ?? 'https');
  let origin = `${scheme}://${typeof definition.host === 'string' ? definition.host : 'localhost'}`;
  const root = isObject(properties.properties) ? properties.properties : properties;
  const policies = Array.isArray(root.policyTemplateInstances) ? root.policyTemplateInstances.filter(isObject) : [];
  const dynamic = policies.find((p) => String(p.templateId).toLowerCase() === 'dynamichosturl');
  const template = isObject(dynamic?.parameters)
    ? dynamic.parameters['x-ms-apimTemplateParameter.urlTemplate']
    : undefined;
  if (typeof template === 'string') {
    const url = template.replace(
      /@connectionParameters\('([^']+)'(?:,\s*'[^']*')?\)/g,
      (_m, name: string) => parameters[name] ?? '',
    );
    if (url.trim() !== '') origin = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `${scheme}://${url}`;
  }
  const basePath = typeof definition.basePath === 'string' ? definition.basePath : '';
  return `${origin.replace(/\/+$/, '')}${basePath === '/' ? '' : basePath.replace(/\/+$/, '')}`;
}

function securityOf(definition: JsonObject, op: JsonObject): JsonObject[] {
  const defs = isObject(definition.securityDefinitions) ? definition.securityDefinitions : {};
  const requirement = Array.isArray(op.security)
    ? op.security
    : Array.isArray(definition.security)
      ? definition.security
      : undefined;
  const names = requirement ? requirement.filter(isObject).flatMap((r) => Object.keys(r)) : Object.keys(defs);
  return names.map((n) => defs[n]).filter(isObject);
}

/** Adds the credentials to the request as the security definitions say (API key header/query, basic). */
export function injectCredentials(
  definition: JsonObject,
  op: JsonObject,
  secrets: Readonly<Record<string, string>>,
  target: { headers: Record<string, string>; query: Record<string, string> },
  plain: Readonly<Record<string, string>> = {},
): void {
  const apiKey = secrets.api_key ?? Object.entries(secrets).find(([k]) => k !== 'username' && k !== 'password')?.[1];
  for (const scheme of securityOf(definition, op)) {
    if (scheme.type === 'apiKey' && apiKey !== undefined && typeof scheme.name === 'string') {
      if (scheme.in === 'query') target.query[scheme.name] = apiKey;
      else target.headers[scheme.name.toLowerCase()] = apiKey;
    } else if (scheme.type === 'basic' && (secrets.username ?? plain.username) !== undefined) {
      const pair = `${secrets.username ?? plain.username}:${secrets.password ?? ''}`;
      target.headers.authorization = `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
    }
  }
}

/** Replaces every secret value in a text (upstream answers may echo what they were sent). */
export function redactValues(text: string, secrets: Readonly<Record<string, string>>): string {
  let out = text;
  for (const value of Object.values(secrets)) if (value.length >= 3) out = out.split(value).join('[redacted]');
  return out;
}

function upstreamMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (isObject(parsed)) {
      const error = isObject(parsed.error) ? parsed.error : parsed;
      const message = error.message ?? error.error_description ?? error.detail ?? error.title;
      if (typeof message === 'string') return message;
    }
  } catch {
    // not JSON
  }
  return body.replace(/\s+/g, ' ').trim();
}

/** Makes the test call; never throws for upstream failures (they are the answer). */
export async function probeConnection(input: {
  definition: JsonObject;
  properties: JsonObject;
  parameters: Record<string, string>;
  secrets: Readonly<Record<string, string>>;
  /** OAuth connections: the access token, sent as `Authorization: Bearer` (and redacted from messages). */
  bearerToken?: string;
  allowHosts: readonly string[];
  timeoutMs?: number;
}): Promise<ProbeResult> {
  const picked = pickProbeOperation(input.definition);
  if (!picked) {
    return {
      ok: false,
      status: null,
      operationId: null,
      message:
        'The connector declares no x-ms-capabilities.testConnection operation and has no GET operation without required parameters to test with.',
    };
  }
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'Portico connection test' };
  const query: Record<string, string> = { ...picked.query };
  injectCredentials(input.definition, picked.operation, input.secrets, { headers, query }, input.parameters);
  if (input.bearerToken !== undefined) headers.authorization = `Bearer ${input.bearerToken}`;
  const secrets = input.bearerToken !== undefined ? { ...input.secrets, bearer: input.bearerToken } : input.secrets;
  let url: URL;
  try {
    url = new URL(`${baseUrlOf(input.definition, input.properties, input.parameters)}${picked.path}`);
  } catch {
    return {
      ok: false,
      status: null,
      operationId: picked.operationId,
      message: 'The connector has no usable host; check its host, basePath and connection parameters.',
    };
  }
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const where = `${picked.method} ${url.origin}${url.pathname}`;
  const allowList = createHostAllowList(input.allowHosts);
  // IP literals are connected to without a DNS lookup, so the guarded agent cannot see them: check them here.
  const literal = normaliseHostname(url.hostname);
  if (isIP(literal) !== 0 && !addressAllowed(literal, literal, allowList)) {
    return {
      ok: false,
      status: null,
      operationId: picked.operationId,
      message: `${where} was not called: ${literal} is a private address; an administrator can allow it with PORTICO_GATEWAY_ALLOW_HOSTS.`,
    };
  }
  const dispatcher = guardedAgent(allowList);
  const timeout = input.timeoutMs ?? 10_000;
  try {
    const res = await request(url, {
      method: picked.method as 'GET',
      headers,
      dispatcher,
      headersTimeout: timeout,
      bodyTimeout: timeout,
      signal: AbortSignal.timeout(timeout),
    });
    let body = '';
    for await (const chunk of res.body) {
      body += Buffer.from(chunk as Uint8Array).toString('utf8');
      if (body.length >= MAX_BODY_BYTES) break;
    }
    res.body.destroy();
    const ok = res.statusCode >= 200 && res.statusCode < 300;
    const detail = ok ? '' : `: ${upstreamMessage(body).slice(0, 300)}`;
    return {
      ok,
      status: res.statusCode,
      operationId: picked.operationId,
      message: redactValues(`${picked.operationId} (${where}) answered ${res.statusCode}${detail}`, secrets),
    };
  } catch (err) {
    return {
      ok: false,
      status: null,
      operationId: picked.operationId,
      message: redactValues(describeFailure(err, where), secrets),
    };
  } finally {
    await dispatcher.close().catch(() => {});
  }
}

function describeFailure(err: unknown, where: string): string {
  let cause: unknown = err;
  for (let i = 0; i < 4 && cause; i++) {
    if (cause instanceof PrivateAddressError) {
      return `${where} was not called: ${cause.message}; an administrator can allow it with PORTICO_GATEWAY_ALLOW_HOSTS.`;
    }
    cause = (cause as { cause?: unknown }).cause;
  }
  const e = err as { code?: string; name?: string; message?: string };
  if (e.name === 'TimeoutError' || e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT') {
    return `${where} did not answer in time.`;
  }
  return `${where} could not be reached (${e.code ?? e.message ?? 'unknown error'}).`;
}
