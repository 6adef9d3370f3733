// Fetching definitions from URLs, safely bounded.
export { type ContentKind, charsetOf, classifyMediaType, looksLikeHtml, mediaTypeOf } from './content-type.ts';
export {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_REDIRECTS,
  DEFAULT_TIMEOUT_MS,
  type FetchDefinitionOptions,
  type FetchDefinitionResult,
  type FetchedDefinition,
  type FetchFailure,
  type FetchFailureCode,
  type FetchImpl,
  fetchDefinition,
} from './definition.ts';
export { addressAllowed, guardedAgent, isPrivateAddress, PrivateAddressError } from './guard.ts';
export { createHostAllowList, type HostAllowList, normaliseHostname } from './hosts.ts';
