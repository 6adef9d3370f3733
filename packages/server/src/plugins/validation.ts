/**
 * Request validation with two Ajv instances: query strings, path parameters and headers are text, so
 * their values are coerced to the schema's types ("50" → 50); JSON bodies are not coerced, so a string
 * where a number or boolean belongs is a validation error, not a silent conversion.
 */
import { AjvCompiler } from '@fastify/ajv-compiler';
import type { FastifyServerOptions } from 'fastify';

type SchemaController = NonNullable<FastifyServerOptions['schemaController']>;
type BuildValidator = NonNullable<NonNullable<SchemaController['compilersFactory']>['buildValidator']>;

const pool = AjvCompiler();

/** Shared Ajv options: unknown fields are reported (never silently removed), defaults are applied. */
export const AJV_OPTIONS = {
  removeAdditional: false,
  coerceTypes: 'array',
  useDefaults: true,
  allErrors: false,
  // OpenAPI 3.1 style type lists such as ["string", "null"] are fine.
  allowUnionTypes: true,
} as const;

/** The validator factory for Fastify's schema controller. */
export const buildValidator: BuildValidator = (externalSchemas, ajvOptions) => {
  type PoolOptions = Parameters<typeof pool>[1];
  const options = (ajvOptions ?? { customOptions: {}, plugins: [] }) as PoolOptions & { customOptions: object };
  const lenient = pool(externalSchemas, options);
  const strictOptions = { ...options, customOptions: { ...options.customOptions, coerceTypes: false } } as PoolOptions;
  const strict = pool(externalSchemas, strictOptions);
  return (route) => (route.httpPart === 'body' ? strict : lenient)(route);
};
