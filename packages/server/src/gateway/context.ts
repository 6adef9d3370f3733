/** The mutable request and response state that the pipeline and the policy templates work on. */
import type { JsonValue } from '@portico/openapi';
import type { Scope } from './expressions.ts';

/** Case-insensitive header map that remembers the spelling of the first set. */
export class HeaderMap {
  private readonly map = new Map<string, { name: string; values: string[] }>();

  get(name: string): string | undefined {
    return this.map.get(name.toLowerCase())?.values.join(', ');
  }
  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  set(name: string, value: string): void {
    this.map.set(name.toLowerCase(), { name, values: [value] });
  }
  append(name: string, value: string): void {
    const entry = this.map.get(name.toLowerCase());
    if (entry) entry.values.push(value);
    else this.set(name, value);
  }
  delete(name: string): void {
    this.map.delete(name.toLowerCase());
  }
  /** Headers in the shape undici and Node responses take. */
  toRecord(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const { name, values } of this.map.values()) out[name] = values.length === 1 ? (values[0] as string) : values;
    return out;
  }
  /** Lower-cased record, for responses. */
  toLowerRecord(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const [key, { values }] of this.map) out[key] = values.length === 1 ? (values[0] as string) : values;
    return out;
  }
  static from(record: Record<string, string | string[] | undefined>): HeaderMap {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(record)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
    }
    return headers;
  }
}

/** A body the policies can read and replace: parsed JSON when the content is JSON, else raw bytes. */
export interface BodyHolder {
  json?: JsonValue;
  raw?: Buffer;
  /** Form fields (formData parameters), encoded when the request is sent. */
  form?: FormField[];
  contentType?: string;
}

/** One form field; files carry bytes, a file name and a content type. */
export interface FormField {
  name: string;
  value: string | { data: Buffer; filename: string; contentType: string };
}

/** A side request a policy makes (setvaluefromurl), through the same guarded upstream as the main call. */
export type SideCall = (
  method: string,
  url: string,
) => Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }>;

export interface RequestState {
  operationId: string;
  method: string;
  /** Origin + basePath of the upstream, without a trailing slash (changed by dynamichosturl). */
  baseUrl: string;
  /** Encoded path below baseUrl, starting with `/` (changed by routerequesttoendpoint). */
  path: string;
  /** Raw (unencoded) path parameter values, for `{name}` placeholders in new paths. */
  pathParams: Record<string, string>;
  /** Raw query parameters in order. */
  query: Array<[string, string]>;
  headers: HeaderMap;
  body: BodyHolder;
  connectionParameters: Record<string, string>;
  /** API keys sent in the query; side calls of policies send them too. */
  credentialQuery?: Array<[string, string]>;
  /** Query of a polling trigger's previous poll. */
  triggerQuery?: Record<string, string>;
  sideCall: SideCall;
}

export interface ResponseState {
  status: number;
  headers: HeaderMap;
  /** Parsed JSON body; present only when a policy needs it. */
  body: BodyHolder;
  request: RequestState;
  gatewayBaseUrl?: string;
  /** Set by pollingtrigger. */
  trigger?: { items: JsonValue[]; nextQuery: Record<string, string> };
}

/** The expression scope of a request (methods on the prototype: no closures per call). */
class RequestScope implements Scope {
  readonly connectionParameters: Record<string, string>;
  body: JsonValue | undefined;
  triggerBody?: JsonValue | undefined;
  readonly missing: string[] = [];

  constructor(
    private readonly state: RequestState,
    readonly item: JsonValue | undefined,
  ) {
    this.connectionParameters = state.connectionParameters;
    this.body = state.body.json;
  }

  header(name: string): string | undefined {
    return this.state.headers.get(name);
  }

  query(name: string): string | undefined {
    return this.state.query.find(([key]) => key === name)?.[1];
  }
}

/** The expression scope of a request: connection parameters, request headers and query, the JSON body. */
export function requestScope(state: RequestState, item?: JsonValue): Scope {
  return new RequestScope(state, item);
}

/** The expression scope of a response: as for the request, with the response body. */
export function responseScope(state: ResponseState, item?: JsonValue): Scope {
  const scope = requestScope(state.request, item);
  scope.body = state.body.json;
  scope.triggerBody = state.body.json;
  return scope;
}
