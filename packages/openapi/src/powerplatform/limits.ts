/** Documented Power Platform custom-connector limits that the pp rules and the exporter enforce. */

/** Maximum size of `apiDefinition.swagger.json` as imported (1 MB = 1,048,576 bytes of serialized JSON). */
export const MAX_DEFINITION_BYTES = 1_048_576;
/** Maximum number of operations in one connector. */
export const MAX_OPERATIONS = 256;
/**
 * Maximum number of properties in one request-body or response schema, counted over the schema
 * and everything it reaches (nested objects, arrays, allOf, each `$ref` target counted once).
 */
export const MAX_SCHEMA_PROPERTIES = 512;
/** Certification guidance: connector title length. */
export const MAX_TITLE_LENGTH = 30;
/** Certification guidance: connector description length. */
export const MIN_DESCRIPTION_LENGTH = 30;
export const MAX_DESCRIPTION_LENGTH = 500;
/** Connector string guidance: operation summary length. */
export const MAX_SUMMARY_LENGTH = 80;
