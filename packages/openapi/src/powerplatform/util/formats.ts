/** The `format` values Power Platform's definition schema accepts (`documentFacts` finds the others). */

/** From `definitions/format` of apiDefinition.swagger.schema.json (Swagger formats plus date-no-tz and html). */
export const PP_FORMATS = [
  'int32',
  'int64',
  'float',
  'double',
  'byte',
  'binary',
  'date',
  'date-time',
  'password',
  'date-no-tz',
  'email',
  'html',
  'uri',
  'uuid',
];
