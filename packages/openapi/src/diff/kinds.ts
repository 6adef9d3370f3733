/** Every kind of change the diff reports, as typed data: kind → classification from a client's point of view. */

export type Classification = 'breaking' | 'non-breaking' | 'unknown';

export const CHANGE_KINDS = {
  // Operations
  'operation-removed': 'breaking',
  'operation-added': 'non-breaking',
  'operation-renamed': 'breaking',
  'operation-path-changed': 'breaking',
  'operation-method-changed': 'breaking',
  'operation-deprecated': 'non-breaking',
  // Parameters
  'parameter-added-required': 'breaking',
  'parameter-added-optional': 'non-breaking',
  'parameter-removed': 'unknown',
  'parameter-required-changed': 'breaking',
  'parameter-became-optional': 'non-breaking',
  'parameter-type-changed': 'breaking',
  'parameter-location-changed': 'breaking',
  'parameter-renamed': 'breaking',
  'parameter-style-changed': 'breaking',
  // Enumerations
  'enum-value-removed-input': 'breaking',
  'enum-value-added-input': 'non-breaking',
  'enum-value-added-output': 'non-breaking',
  'enum-value-removed-output': 'non-breaking',
  // Request bodies
  'request-body-added-required': 'breaking',
  'request-body-added-optional': 'non-breaking',
  'request-body-became-required': 'breaking',
  'request-body-became-optional': 'non-breaking',
  'request-body-removed': 'unknown',
  'request-body-media-type-removed': 'breaking',
  'request-body-media-type-added': 'non-breaking',
  'request-body-schema-changed': 'breaking',
  'request-property-added-required': 'breaking',
  'request-property-added-optional': 'non-breaking',
  'request-property-removed': 'unknown',
  'request-property-became-required': 'breaking',
  'request-property-became-optional': 'non-breaking',
  'request-property-type-changed': 'breaking',
  // Responses
  'response-removed': 'breaking',
  'error-response-removed': 'non-breaking',
  'response-added': 'non-breaking',
  'response-media-type-removed': 'breaking',
  'response-media-type-added': 'non-breaking',
  'response-header-removed': 'breaking',
  'response-header-added': 'non-breaking',
  'response-property-removed': 'breaking',
  'response-property-type-changed': 'breaking',
  'response-property-added': 'non-breaking',
  'response-property-became-optional': 'breaking',
  'response-property-became-required': 'non-breaking',
  'response-property-became-nullable': 'breaking',
  // Schemas the diff cannot judge
  'schema-composition-changed': 'unknown',
  // Security and servers
  'security-changed': 'breaking',
  'security-relaxed': 'non-breaking',
  'security-scheme-changed': 'breaking',
  'security-scheme-removed': 'breaking',
  'security-scheme-added': 'non-breaking',
  'server-changed': 'breaking',
  'server-added': 'non-breaking',
} as const satisfies Record<string, Classification>;

export type ChangeKind = keyof typeof CHANGE_KINDS;

/** One difference between two definitions, with what it means for the API's clients. */
export interface Change {
  kind: ChangeKind;
  classification: Classification;
  /** True exactly when classification is `breaking`. */
  breaking: boolean;
  /** The operation (its id in the new definition, or in the old one when it was removed). */
  operationId?: string;
  method?: string;
  path?: string;
  /** JSON Pointers into the old and new documents, where the change is (or where it would be). */
  oldPointer?: string;
  newPointer?: string;
  /** A sentence a person can act on. */
  message: string;
}

export interface DiffSummary {
  breaking: number;
  nonBreaking: number;
  unknown: number;
}

/** A change before the diff fills in classification and breaking from its kind. */
export type ChangeDraft = Omit<Change, 'classification' | 'breaking'>;

/** Completes a draft with the classification of its kind. */
export function classify(draft: ChangeDraft): Change {
  const classification: Classification = CHANGE_KINDS[draft.kind];
  // Built field by field so that JSON output keeps one order: kind, classification, breaking, where, message.
  const change = { kind: draft.kind, classification, breaking: classification === 'breaking' } as Change;
  for (const key of ['operationId', 'method', 'path', 'oldPointer', 'newPointer'] as const) {
    if (draft[key] !== undefined) change[key] = draft[key];
  }
  change.message = draft.message;
  return change;
}
