/**
 * Maps places of the normalised (OpenAPI 3.0) model back to JSON Pointers into the document the user gave,
 * whatever its version, following internal `$ref`s so that a pointer names where the text really is.
 */
import { getAt, isObject, parsePointer, toPointer } from '../pointer.ts';
import type { JsonObject, JsonValue, OasVersion } from '../types.ts';
import { resolveInternal } from '../walk.ts';

/** Tokens of a place in the normalised 3.0 form of a document, e.g. `['paths', '/pets', 'get', 'responses']`. */
export type Place = readonly string[];

export class SourceLocator {
  constructor(
    private readonly document: JsonObject,
    private readonly version: OasVersion,
  ) {}

  /** The pointer of `place` in the source document, or of its deepest existing ancestor. */
  locate(place: Place): string {
    return this.walk(this.version === '2.0' ? this.toSwagger2(place) : [...place]);
  }

  /** The pointer of a parameter (by location and name) of an operation, or of the operation when it is not found. */
  parameter(path: string, method: string, location: string, name: string): string {
    const item = resolveInternal(this.document, getAt(this.document, ['paths', path]));
    if (isObject(item)) {
      const operation = item[method];
      const lists: Array<[JsonValue | undefined, string[]]> = [
        [isObject(operation) ? operation.parameters : undefined, ['paths', path, method, 'parameters']],
        [item.parameters, ['paths', path, 'parameters']],
      ];
      for (const [list, tokens] of lists) {
        if (!Array.isArray(list)) continue;
        const index = list.findIndex((node) => {
          const parameter = resolveInternal(this.document, node);
          return isObject(parameter) && parameter.in === location && sameName(parameter.name, name, location);
        });
        if (index >= 0) return this.walk([...tokens, String(index)]);
      }
    }
    return this.locate(['paths', path, method]);
  }

  /** Swagger 2.0 keeps bodies in a `body` parameter, one schema per response and schemas under `definitions`. */
  private toSwagger2(place: Place): string[] {
    const [first, second, third, fourth, fifth] = place;
    if (first === 'components' && second === 'schemas') return ['definitions', ...place.slice(2)];
    if (first === 'components' && second === 'securitySchemes') return ['securityDefinitions', ...place.slice(2)];
    if (first === 'servers') return ['host'];
    if (first === 'paths' && second !== undefined && third !== undefined) {
      const operation = ['paths', second, third];
      if (fourth === 'requestBody') {
        const field = place[7] === 'properties' ? place[8] : undefined;
        const formField = field !== undefined ? this.bodyParameter(second, third, field) : undefined;
        if (formField !== undefined) return formField;
        const body = this.bodyParameter(second, third);
        if (body === undefined) return operation;
        // requestBody / content / {media type} / schema / … → parameters / i / schema / …
        return place[6] === 'schema' ? [...body, 'schema', ...place.slice(7)] : body;
      }
      if (fourth === 'responses' && fifth !== undefined && place[5] === 'content') {
        return place[7] === 'schema'
          ? [...operation, 'responses', fifth, 'schema', ...place.slice(8)]
          : [...place.slice(0, 5)];
      }
    }
    return [...place];
  }

  /** The `body` parameter (or first form field), or with `field` the form field of that name. */
  private bodyParameter(path: string, method: string, field?: string): string[] | undefined {
    const operation = resolveInternal(this.document, getAt(this.document, ['paths', path, method]));
    if (!isObject(operation) || !Array.isArray(operation.parameters)) return undefined;
    const index = operation.parameters.findIndex((node) => {
      const parameter = resolveInternal(this.document, node);
      if (!isObject(parameter)) return false;
      if (field !== undefined) return parameter.in === 'formData' && parameter.name === field;
      return parameter.in === 'body' || parameter.in === 'formData';
    });
    return index >= 0 ? ['paths', path, method, 'parameters', String(index)] : undefined;
  }

  /** Walks the tokens from the root, jumping through internal `$ref`s, as far as the document goes. */
  private walk(tokens: readonly string[]): string {
    let node: JsonValue | undefined = this.document;
    let at: string[] = [];
    for (const token of tokens) {
      for (let hops = 0; isObject(node) && typeof node.$ref === 'string' && hops < 32; hops++) {
        const ref: string = node.$ref;
        if (!ref.startsWith('#')) break;
        let target: string[];
        try {
          target = parsePointer(ref);
        } catch {
          break;
        }
        const next = getAt(this.document, target);
        if (next === undefined) break;
        at = target;
        node = next;
      }
      const child: JsonValue | undefined = getAt(node, [token]);
      if (child === undefined) break;
      at = [...at, token];
      node = child;
    }
    return toPointer(at);
  }
}

function sameName(value: JsonValue | undefined, name: string, location: string): boolean {
  if (typeof value !== 'string') return false;
  return location === 'header' ? value.toLowerCase() === name.toLowerCase() : value === name;
}
