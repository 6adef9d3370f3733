/** Raw mode: matches a method and path to an operation and turns the raw request back into named inputs. */
import type { CompiledConnector, CompiledOperation, CompiledParameter } from './compile.ts';
import { failWith } from './errors.ts';

/** The operation whose method and path template match, with its decoded path values. */
export function matchOperation(
  connector: CompiledConnector,
  method: string,
  pathname: string,
): { operation: CompiledOperation; pathValues: Record<string, string> } | undefined {
  const upper = method.toUpperCase();
  const candidates = [
    ...connector.routes.map((operation) => ({
      operation,
      method: operation.method,
      route: operation.route,
      routeNames: operation.routeNames,
    })),
    ...connector.aliases,
  ];
  for (const candidate of candidates) {
    if (candidate.method !== upper) continue;
    const match = candidate.route.exec(pathname);
    if (!match) continue;
    const pathValues: Record<string, string> = {};
    let ok = true;
    candidate.routeNames.forEach((name, index) => {
      try {
        pathValues[name] = decodeURIComponent(match[index + 1] as string);
      } catch {
        ok = false;
      }
    });
    if (ok) return { operation: candidate.operation, pathValues };
  }
  return undefined;
}

/** Headers that carry the caller's own Portico credentials; never forwarded upstream. */
const PRIVATE_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

const DELIMITERS: Record<string, string> = { csv: ',', ssv: ' ', tsv: '\t', pipes: '|' };

function coerceScalar(type: string | undefined, text: string): unknown {
  if ((type === 'integer' || type === 'number') && text.trim() !== '' && !Number.isNaN(Number(text)))
    return Number(text);
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/** A raw text value in the parameter's declared type (numbers, booleans, arrays by collectionFormat). */
function coerce(parameter: CompiledParameter, values: string[]): unknown {
  if (parameter.type === 'array') {
    const items =
      parameter.collectionFormat === 'multi'
        ? values
        : values.flatMap((value) => value.split(DELIMITERS[parameter.collectionFormat] ?? ','));
    return items.map((item) => coerceScalar(parameter.itemType, item));
  }
  return coerceScalar(parameter.type, values[0] ?? '');
}

function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value.join(', ') : value;
}

export interface RawInputs {
  inputs: Record<string, unknown>;
  /** Declared query parameters consumed; the rest is forwarded as-is. */
  extraQuery: Array<[string, string]>;
  /** A body that is sent as it came (multipart, or anything that is neither JSON nor a form). */
  rawBody?: { data: Buffer; contentType: string };
}

/** Rebuilds named inputs from a raw request: path values, query, declared headers, JSON / form / raw body. */
export function rawInputs(
  operation: CompiledOperation,
  pathValues: Record<string, string>,
  search: URLSearchParams,
  headers: Record<string, string | string[] | undefined>,
  body: Buffer | undefined,
): RawInputs {
  const inputs: Record<string, unknown> = {};
  const declared = new Set<string>();
  const out: RawInputs = { inputs, extraQuery: [] };
  const contentType = headerValue(headers, 'content-type') ?? '';
  const form =
    /^application\/x-www-form-urlencoded/i.test(contentType) && body
      ? new URLSearchParams(body.toString('utf8'))
      : undefined;
  for (const parameter of operation.parameters) {
    if (parameter.in === 'path' && pathValues[parameter.name] !== undefined) {
      inputs[parameter.name] = coerce(parameter, [pathValues[parameter.name] as string]);
    } else if (parameter.in === 'query') {
      declared.add(parameter.name);
      const values = search.getAll(parameter.name);
      if (values.length > 0) inputs[parameter.name] = coerce(parameter, values);
    } else if (parameter.in === 'header' && !PRIVATE_HEADERS.has(parameter.name.toLowerCase())) {
      const value = headerValue(headers, parameter.name);
      if (value !== undefined) inputs[parameter.name] = coerce(parameter, [value]);
    } else if (parameter.in === 'formData' && form) {
      const values = form.getAll(parameter.name);
      if (values.length > 0) inputs[parameter.name] = coerce(parameter, values);
    }
  }
  for (const [key, value] of search) if (!declared.has(key)) out.extraQuery.push([key, value]);
  if (body && body.length > 0 && !form) {
    if (/^application\/([\w.+-]*\+)?json\b/i.test(contentType) || (contentType === '' && operation.body)) {
      try {
        inputs.body = JSON.parse(body.toString('utf8'));
      } catch {
        failWith('invalid_input', 'Input "body" is not valid JSON.', { parameter: 'body' });
      }
    } else {
      out.rawBody = { data: body, contentType: contentType || 'application/octet-stream' };
      if (operation.body) inputs.body = body;
    }
  }
  return out;
}
