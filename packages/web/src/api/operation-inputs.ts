/**
 * The inputs of one operation of a connector's Swagger 2.0 definition, for the Test tab's form: parameters
 * (local `$ref`s resolved) with their Power Platform labels (`x-ms-summary`) and visibility (`x-ms-visibility`).
 */

export interface OperationInput {
  name: string;
  in: 'path' | 'query' | 'header' | 'formData' | 'body';
  label: string;
  description?: string;
  required: boolean;
  type: string;
  enum?: string[];
  default?: unknown;
  /** `important` (shown first), `advanced` (behind a toggle), `internal` (never shown; its default is sent). */
  visibility?: string;
  /** For the body: a JSON skeleton from its schema. */
  example?: string;
}

type Json = Record<string, unknown>;

function resolve(doc: Json, node: unknown, depth = 0): Json {
  if (!node || typeof node !== 'object') return {};
  const ref = (node as Json).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/') && depth < 20) {
    let target: unknown = doc;
    for (const part of ref.slice(2).split('/')) {
      target = (target as Json | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    return resolve(doc, target, depth + 1);
  }
  return node as Json;
}

function skeleton(doc: Json, schema: unknown, depth = 0): unknown {
  const s = resolve(doc, schema);
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (depth > 4) return null;
  if (s.type === 'object' || s.properties) {
    const out: Json = {};
    const required = Array.isArray(s.required) ? (s.required as string[]) : [];
    for (const [key, value] of Object.entries((s.properties as Json | undefined) ?? {})) {
      const prop = resolve(doc, value);
      if (required.includes(key) || prop['x-ms-visibility'] === 'important') out[key] = skeleton(doc, prop, depth + 1);
    }
    return out;
  }
  if (s.type === 'array') return [];
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if (s.type === 'integer' || s.type === 'number') return 0;
  if (s.type === 'boolean') return false;
  return '';
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

/** The inputs of `operationId`, or undefined when the definition has no such operation. */
export function operationInputs(doc: unknown, operationId: string): OperationInput[] | undefined {
  const root = (doc ?? {}) as Json;
  for (const item of Object.values((root.paths as Json | undefined) ?? {})) {
    const pathItem = resolve(root, item);
    for (const method of METHODS) {
      const op = pathItem[method] as Json | undefined;
      if (!op || op.operationId !== operationId) continue;
      const byKey = new Map<string, Json>();
      for (const p of [...((pathItem.parameters as unknown[]) ?? []), ...((op.parameters as unknown[]) ?? [])]) {
        const param = resolve(root, p);
        byKey.set(`${param.in}:${param.name}`, param);
      }
      return [...byKey.values()].map((p) => {
        const schema = resolve(root, p.schema);
        const values = (p.enum ?? schema.enum) as unknown[] | undefined;
        return {
          name: String(p.name),
          in: p.in as OperationInput['in'],
          label: String(p['x-ms-summary'] ?? p.name),
          description: typeof p.description === 'string' ? p.description : undefined,
          required: p.required === true || p.in === 'path',
          type: String(p.type ?? (p.in === 'body' ? 'object' : 'string')),
          enum: values?.map(String),
          default: p.default,
          visibility: typeof p['x-ms-visibility'] === 'string' ? p['x-ms-visibility'] : undefined,
          example: p.in === 'body' ? JSON.stringify(skeleton(root, p.schema), null, 2) : undefined,
        };
      });
    }
  }
  return undefined;
}

/** The invoke body from the form's strings: typed values by parameter name, and `body` parsed as JSON. */
export function invokeInputs(inputs: OperationInput[], values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const input of inputs) {
    const raw = values[input.name];
    if (input.in === 'body') {
      if (raw?.trim()) {
        try {
          out.body = JSON.parse(raw);
        } catch {
          throw new Error(`The body is not valid JSON; fix it or leave it empty.`);
        }
      }
      continue;
    }
    if (raw === undefined || raw === '') continue;
    if (input.type === 'integer' || input.type === 'number') {
      const n = Number(raw);
      if (Number.isNaN(n)) throw new Error(`"${input.label}" must be a number.`);
      out[input.name] = n;
    } else if (input.type === 'boolean') out[input.name] = raw === 'true';
    else out[input.name] = raw;
  }
  return out;
}
