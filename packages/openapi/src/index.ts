/**
 * @portico/openapi — the pure OpenAPI core: parse · resolve $ref · validate · model · convert ·
 * Power Platform profile (rules, fixes, package export and import). No I/O of its own: callers
 * inject a `Loader` for external references.
 */
export * from './convert/index.ts';
export * from './diff/index.ts';
export * from './model/index.ts';
export * from './parse/index.ts';
export { detectVersion } from './parse/index.ts';
export * from './pointer.ts';
export * from './powerplatform/index.ts';
export { runRules as runPowerPlatformRules } from './powerplatform/index.ts';
export * from './resolve/index.ts';
export * from './types.ts';
export * from './validate/index.ts';
export { runRules } from './validate/index.ts';
export * from './walk.ts';
