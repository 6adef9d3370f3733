/**
 * Builds the upstream request from validated inputs (path with x-ms-url-encoding, query with collectionFormat,
 * headers, JSON or raw body, form fields and files), and serialises it once the policies have run.
 */
import type { JsonValue } from '@portico/openapi';
import type { CompiledOperation, CompiledParameter } from './compile.ts';
import { type FormField, HeaderMap, type RequestState, type SideCall } from './context.ts';
import { failWith } from './errors.ts';
import { encodePathValue } from './policies/routerequesttoendpoint.ts';

const DELIMITERS: Record<string, string> = { csv: ',', ssv: ' ', tsv: '\t', pipes: '|' };

function scalar(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return JSON.stringify(value);
}

/** The serialised values of a parameter: one for scalars and joined arrays, several for `multi`. */
function serialise(parameter: CompiledParameter, value: unknown): string[] {
  if (!Array.isArray(value)) return [scalar(value)];
  const items = value.map(scalar);
  if (parameter.collectionFormat === 'multi') return items;
  return [items.join(DELIMITERS[parameter.collectionFormat] ?? ',')];
}

/** Decodes a file input: bytes, `{ $content (base64), $content-type, filename? }`, or text. */
function fileValue(name: string, value: unknown): FormField['value'] {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    return { data: Buffer.from(value), filename: name, contentType: 'application/octet-stream' };
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (typeof record.$content === 'string') {
      return {
        data: Buffer.from(record.$content, 'base64'),
        filename: typeof record.filename === 'string' ? record.filename : name,
        contentType: typeof record['$content-type'] === 'string' ? record['$content-type'] : 'application/octet-stream',
      };
    }
  }
  return { data: Buffer.from(scalar(value)), filename: name, contentType: 'application/octet-stream' };
}

function isJsonMedia(type: string): boolean {
  return /^application\/([\w.+-]*\+)?json\b/i.test(type) || type === '*/*';
}

/** A path template split once into literal text and `{name}` placeholders. */
type PathPart = string | { name: string; whole: string; doubleEncode: boolean };

const pathTemplates = new WeakMap<CompiledOperation, PathPart[]>();

/** The operation's path as parts; a placeholder's encoding comes from the first path parameter of that name. */
function pathTemplateOf(operation: CompiledOperation): PathPart[] {
  let parts = pathTemplates.get(operation);
  if (parts) return parts;
  parts = [];
  let last = 0;
  for (const match of operation.path.matchAll(/\{([^}]+)\}/g)) {
    const name = match[1] as string;
    if (match.index > last) parts.push(operation.path.slice(last, match.index));
    const parameter = operation.parameters.find((p) => p.in === 'path' && p.name === name);
    parts.push({ name, whole: match[0], doubleEncode: parameter?.doubleEncode === true });
    last = match.index + match[0].length;
  }
  if (last < operation.path.length) parts.push(operation.path.slice(last));
  pathTemplates.set(operation, parts);
  return parts;
}

/** Placeholder until the gateway gives the request its guarded side-call function. */
const notReady: SideCall = async () => {
  throw new Error('The side-call function of this request was not set.');
};

/** The request state of an operation call, before policies and credentials. */
export function buildRequest(
  operation: CompiledOperation,
  baseUrl: string,
  inputs: Record<string, unknown>,
  connectionParameters: Record<string, string>,
  sideCall: SideCall = notReady,
): RequestState {
  const pathParams: Record<string, string> = {};
  const query: Array<[string, string]> = [];
  const headers = new HeaderMap();
  const form: FormField[] = [];
  for (const parameter of operation.parameters) {
    const value = inputs[parameter.name];
    if (value === undefined) continue;
    switch (parameter.in) {
      case 'path':
        pathParams[parameter.name] = serialise(parameter, value).join(',');
        break;
      case 'query':
        for (const item of serialise(parameter, value)) query.push([parameter.name, item]);
        break;
      case 'header':
        headers.set(parameter.name, serialise(parameter, value).join(','));
        break;
      case 'formData':
        if (parameter.type === 'file') form.push({ name: parameter.name, value: fileValue(parameter.name, value) });
        else for (const item of serialise(parameter, value)) form.push({ name: parameter.name, value: item });
        break;
    }
  }
  let path = '';
  for (const part of pathTemplateOf(operation)) {
    if (typeof part === 'string') {
      path += part;
      continue;
    }
    const value = pathParams[part.name];
    if (value === undefined) path += part.whole;
    else {
      const once = encodePathValue(value);
      path += part.doubleEncode ? encodeURIComponent(once) : once;
    }
  }
  const state: RequestState = {
    operationId: operation.operationId,
    method: operation.method,
    baseUrl,
    path,
    pathParams,
    query,
    headers,
    body: {},
    connectionParameters,
    sideCall,
  };
  if (form.length > 0) {
    state.body.form = form;
    const multipart =
      operation.consumes.some((type) => /^multipart\/form-data/i.test(type)) ||
      operation.parameters.some((p) => p.in === 'formData' && p.type === 'file');
    state.body.contentType = multipart ? 'multipart/form-data' : 'application/x-www-form-urlencoded';
  } else if (inputs.body !== undefined && operation.body) {
    const value = inputs.body;
    const declared = operation.consumes.find((type) => !/form/i.test(type));
    const json = declared === undefined || isJsonMedia(declared);
    if (Buffer.isBuffer(value)) {
      state.body.raw = value;
    } else if (!json && typeof value === 'string') {
      state.body.raw = Buffer.from(value);
    } else {
      state.body.json = value as JsonValue;
    }
    state.body.contentType = json || declared === undefined ? 'application/json' : declared;
  }
  return state;
}

/** Percent-encodes a query key or value, keeping `$ , : @ /` readable (OData's `$top`, csv lists, times, paths). */
function encodeQueryComponent(text: string): string {
  const encoded = encodeURIComponent(text);
  if (!encoded.includes('%')) return encoded;
  return encoded.replace(/%(?:24|2C|3A|40|2F)/g, (encodedChar) => decodeURIComponent(encodedChar));
}

/** A parsed base URL and its path without trailing slashes, by base URL text (few distinct values per process). */
const baseUrls = new Map<string, { url: URL; basePath: string }>();

function parsedBase(baseUrl: string): { url: URL; basePath: string } {
  let known = baseUrls.get(baseUrl);
  if (!known) {
    const url = new URL(`${baseUrl}/`);
    known = { url, basePath: url.pathname.replace(/\/+$/, '') };
    if (baseUrls.size >= 1000) baseUrls.clear();
    baseUrls.set(baseUrl, known);
  }
  return known;
}

function encodeQuery(query: Array<[string, string]>): string {
  if (query.length === 0) return '';
  return `?${query.map(([key, value]) => `${encodeQueryComponent(key)}=${encodeQueryComponent(value)}`).join('&')}`;
}

function multipart(fields: FormField[]): { body: Buffer; contentType: string } {
  const boundary = `----portico${Math.random().toString(16).slice(2)}${Date.now().toString(16)}`;
  const chunks: Buffer[] = [];
  const quote = (text: string) => text.replace(/["\r\n]/g, (c) => encodeURIComponent(c));
  for (const field of fields) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${quote(field.name)}"`;
    if (typeof field.value === 'string') {
      chunks.push(Buffer.from(`${head}\r\n\r\n`), Buffer.from(field.value), Buffer.from('\r\n'));
    } else {
      head += `; filename="${quote(field.value.filename)}"\r\nContent-Type: ${field.value.contentType}\r\n\r\n`;
      chunks.push(Buffer.from(head), field.value.data, Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** What undici sends: origin, path with query, headers and the encoded body. */
export interface SerialisedRequest {
  /** The upstream base URL (shared between requests: read it, never change it). */
  url: URL;
  /** Path and query as sent (not normalised). */
  pathAndQuery: string;
  method: string;
  headers: Record<string, string | string[]>;
  body?: Buffer;
}

/** Serialises the request state after policies; enforces the request size limit. */
export function serialiseRequest(state: RequestState, maxRequestBytes: number): SerialisedRequest {
  let body: Buffer | undefined;
  const holder = state.body;
  if (holder.form) {
    if (holder.contentType?.startsWith('multipart/')) {
      const encoded = multipart(holder.form);
      body = encoded.body;
      state.headers.set('Content-Type', encoded.contentType);
    } else {
      const params = new URLSearchParams();
      for (const field of holder.form)
        params.append(field.name, typeof field.value === 'string' ? field.value : field.value.data.toString('utf8'));
      body = Buffer.from(params.toString());
      if (!state.headers.has('content-type')) state.headers.set('Content-Type', 'application/x-www-form-urlencoded');
    }
  } else if (holder.json !== undefined) {
    body = Buffer.from(JSON.stringify(holder.json));
    if (!state.headers.has('content-type')) state.headers.set('Content-Type', holder.contentType ?? 'application/json');
  } else if (holder.raw) {
    body = holder.raw;
    if (!state.headers.has('content-type') && holder.contentType) state.headers.set('Content-Type', holder.contentType);
  }
  if (body && body.length > maxRequestBytes) {
    failWith(
      'request_too_large',
      `The request body is ${body.length} bytes; the gateway sends at most ${maxRequestBytes}.`,
    );
  }
  const { url: base, basePath } = parsedBase(state.baseUrl);
  const mark = state.path.indexOf('?');
  const pathOnly = mark < 0 ? state.path : state.path.slice(0, mark);
  const inlineQuery = mark < 0 ? '' : state.path.slice(mark + 1);
  const query = encodeQuery(state.query);
  const joined = inlineQuery ? (query ? `?${inlineQuery}&${query.slice(1)}` : `?${inlineQuery}`) : query;
  const pathAndQuery = `${basePath}${pathOnly.startsWith('/') ? pathOnly : `/${pathOnly}`}${joined}`;
  const out: SerialisedRequest = { url: base, pathAndQuery, method: state.method, headers: state.headers.toRecord() };
  if (body) out.body = body;
  return out;
}
