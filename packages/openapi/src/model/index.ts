/** The normalised operation model: one shape for 2.0, 3.0 and 3.1 documents. */
export { type BuildModelOptions, buildModel, generatedOperationId } from './build.ts';
export type {
  ApiModel,
  ModelContent,
  ModelHeader,
  ModelOperation,
  ModelParameter,
  ModelRequestBody,
  ModelResponse,
  ModelSecurityRequirement,
  ModelSecurityScheme,
  OAuthFlow,
  ParameterLocation,
} from './types.ts';
