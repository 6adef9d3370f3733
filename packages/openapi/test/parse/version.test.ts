import { describe, expect, it } from 'vitest';
import { DefinitionError, detectVersion } from '../../src/parse/index.ts';

function notOpenApi(value: unknown): DefinitionError {
  try {
    detectVersion(value, 'doc.json');
  } catch (error) {
    expect(error).toBeInstanceOf(DefinitionError);
    return error as DefinitionError;
  }
  throw new Error('expected a DefinitionError');
}

describe('detectVersion', () => {
  it('recognises Swagger 2.0, OpenAPI 3.0 and 3.1', () => {
    expect(detectVersion({ swagger: '2.0' })).toEqual({ family: '2.0', version: '2.0' });
    expect(detectVersion({ openapi: '3.0.3' })).toEqual({ family: '3.0', version: '3.0.3' });
    expect(detectVersion({ openapi: '3.1.1' })).toEqual({ family: '3.1', version: '3.1.1' });
  });

  it('reads 3.2 as 3.1 with a note', () => {
    const detected = detectVersion({ openapi: '3.2.0' });
    expect(detected.family).toBe('3.1');
    expect(detected.version).toBe('3.2.0');
    expect(detected.note).toContain('3.1');
  });

  it('accepts an unquoted YAML number but notes that it should be quoted', () => {
    const detected = detectVersion({ openapi: 3.1 });
    expect(detected).toMatchObject({ family: '3.1', version: '3.1' });
    expect(detected.note).toContain('quote');
  });

  it('refuses unsupported versions with the field named', () => {
    const error = notOpenApi({ openapi: '4.0.0' });
    expect(error.code).toBe('unsupported-version');
    expect(error.pointer).toBe('/openapi');
    expect(notOpenApi({ swagger: '1.2' }).code).toBe('unsupported-version');
  });

  it('names what other documents look like', () => {
    const cases: Array<[unknown, string]> = [
      [{ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' }, 'JSON Schema'],
      [{ swaggerVersion: '1.2', apis: [] }, 'Swagger 1.2'],
      [{ name: 'x', version: '1.0.0', dependencies: {} }, 'package.json'],
      [{ asyncapi: '2.6.0', channels: {} }, 'AsyncAPI'],
      [{ info: { _postman_id: 'x', name: 'c' }, item: [] }, 'Postman'],
      [{ info: { title: 't' }, paths: {} }, 'without its version field'],
    ];
    for (const [value, words] of cases) {
      const error = notOpenApi(value);
      expect(error.code).toBe('not-openapi');
      expect(error.message).toContain(words);
      expect(error.message).toContain('doc.json');
      expect(error.message).toContain('Portico expects');
    }
  });

  it('refuses values that are not objects', () => {
    expect(notOpenApi([1]).code).toBe('not-openapi');
  });
});
