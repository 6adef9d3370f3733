/**
 * Input validation of an operation: defaults (`default`, `x-ms-visibility: internal`) applied, required inputs
 * checked, then one ajv (draft-04, Swagger's dialect) validator per operation, compiled on first use.
 */
import type { JsonObject, JsonValue } from '@portico/openapi';
import type { ErrorObject, ValidateFunction } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { CompiledConnector, CompiledOperation, CompiledParameter } from './compile.ts';
import { failWith } from './errors.ts';

type Ajv = InstanceType<typeof AjvDraft04.default>;

const ajvs = new WeakMap<CompiledConnector, { ajv: Ajv; definitions: JsonObject }>();

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Swagger schema → JSON Schema: `type: file` accepts anything, `x-nullable` allows null. */
function clean(node: JsonValue): JsonValue {
  if (Array.isArray(node)) return node.map(clean);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example' || key === 'x-example' || key === 'discriminator') continue;
    out[key] = key === 'enum' || key === 'default' || key === 'required' ? value : clean(value);
  }
  if (out.type === 'file') delete out.type;
  if (out['x-nullable'] === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  if (!Array.isArray(out.required)) delete out.required;
  return out;
}

function ajvFor(connector: CompiledConnector): { ajv: Ajv; definitions: JsonObject } {
  let entry = ajvs.get(connector);
  if (!entry) {
    const ajv = new AjvDraft04.default({ strict: false, logger: false, useDefaults: true, validateSchema: false });
    addFormats.default(ajv as never);
    const int = (bits: number) => (value: number) =>
      Number.isInteger(value) && Math.abs(value) <= (bits === 32 ? 2 ** 31 : Number.MAX_SAFE_INTEGER);
    ajv.addFormat('int32', { type: 'number', validate: int(32) });
    ajv.addFormat('int64', { type: 'number', validate: int(64) });
    ajv.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);
    for (const name of ['float', 'double', 'binary', 'password', 'uuid', 'date-time', 'date', 'email', 'uri'])
      if (!ajv.formats[name]) ajv.addFormat(name, true);
    const definitions = isObject(connector.document.definitions)
      ? (clean(connector.document.definitions) as JsonObject)
      : {};
    entry = { ajv, definitions };
    ajvs.set(connector, entry);
  }
  return entry;
}

function inputSchema(operation: CompiledOperation, definitions: JsonObject, withBody: boolean): JsonObject {
  const properties: JsonObject = {};
  for (const parameter of operation.parameters) properties[parameter.name] = clean(parameter.schema);
  if (operation.body && withBody) properties.body = clean(operation.body.schema);
  return { type: 'object', properties, definitions };
}

/** The operation's validator, compiled once; a body schema that does not compile is left out (null = none). */
export function validatorOf(connector: CompiledConnector, operation: CompiledOperation): ValidateFunction | null {
  if (operation.validator !== undefined) return operation.validator;
  const { ajv, definitions } = ajvFor(connector);
  let validator: ValidateFunction | null = null;
  for (const withBody of [true, false]) {
    try {
      validator = ajv.compile(inputSchema(operation, definitions, withBody));
      break;
    } catch {
      validator = null;
    }
  }
  operation.validator = validator;
  return validator;
}

function describeLocation(parameter: CompiledParameter | undefined): string {
  return parameter
    ? ` (${parameter.in === 'formData' ? 'form field' : parameter.in === 'body' ? 'body' : `${parameter.in} parameter`})`
    : '';
}

function messageOf(error: ErrorObject, operation: CompiledOperation): { parameter: string; message: string } {
  const tokens = error.instancePath
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  const [head = '', ...rest] = tokens;
  if (error.keyword === 'required') rest.push(String((error.params as { missingProperty: string }).missingProperty));
  const name = head === 'body' && operation.body ? 'body' : head;
  const parameter = operation.parameters.find((p) => p.name === head) ?? (name === 'body' ? operation.body : undefined);
  const where = rest.length > 0 ? `${name}.${rest.join('.')}` : name;
  let detail = error.message ?? 'is invalid';
  if (error.keyword === 'required') detail = 'is required';
  if (error.keyword === 'enum')
    detail += `: ${((error.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
  return { parameter: name, message: `Input "${where}"${describeLocation(parameter)} ${detail}.` };
}

/** Returns the inputs with defaults applied, or stops with `invalid_input` naming the parameter (`rawBody`: the body is sent as it came). */
export function validateInputs(
  connector: CompiledConnector,
  operation: CompiledOperation,
  given: Record<string, unknown>,
  rawBody = false,
): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  const all = operation.body ? [...operation.parameters, operation.body] : operation.parameters;
  for (const parameter of all) {
    const key = parameter.in === 'body' ? 'body' : parameter.name;
    let value = parameter.in === 'body' ? (given.body ?? given[parameter.name]) : given[parameter.name];
    if (value === undefined || value === null) {
      if (parameter.default !== undefined) value = structuredClone(parameter.default);
      else if (parameter.required && !(rawBody && (parameter.in === 'formData' || parameter.in === 'body'))) {
        failWith(
          'invalid_input',
          `Input "${key}"${describeLocation(parameter)} is required by operation "${operation.operationId}".`,
          { parameter: key },
        );
      } else continue;
    } else if (parameter.in === 'body' && typeof value === 'object' && !Buffer.isBuffer(value)) {
      value = structuredClone(value);
    }
    inputs[key] = value;
  }
  const validator = validatorOf(connector, operation);
  if (validator && !validator(inputs)) {
    const [first] = validator.errors ?? [];
    if (first) {
      const { parameter, message } = messageOf(first, operation);
      failWith('invalid_input', message, { parameter });
    }
  }
  return inputs;
}
