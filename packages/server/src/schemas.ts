/**
 * Shared JSON Schemas of the management API, registered once with `app.addSchema` and referenced as
 * `{ $ref: 'User#' }`. They become `components/schemas` of the OpenAPI document, and the response
 * serializer drops any property they do not list (a second guard against leaking secrets).
 */
import { APP_ROLES, ENVIRONMENT_ROLES } from './auth/roles.ts';
import { errorBodySchema } from './errors.ts';

const time = { type: 'string', format: 'date-time' } as const;
const optionalTime = { type: ['string', 'null'], format: 'date-time' } as const;

export const userSchema = {
  $id: 'User',
  type: 'object',
  description: 'A Portico user (never includes the password).',
  required: ['id', 'email', 'displayName', 'admin', 'createdAt'],
  properties: {
    id: { type: 'string' },
    email: { type: 'string' },
    displayName: { type: 'string' },
    admin: { type: 'boolean', description: 'Global administrator.' },
    createdAt: time,
    disabledAt: optionalTime,
  },
} as const;

export const environmentSchema = {
  $id: 'Environment',
  type: 'object',
  description: 'Where connectors and connections live.',
  required: ['id', 'name', 'displayName', 'createdAt'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    displayName: { type: 'string' },
    createdAt: time,
    role: { type: 'string', enum: [...ENVIRONMENT_ROLES], description: "The caller's role here." },
  },
} as const;

export const environmentMemberSchema = {
  $id: 'EnvironmentMember',
  type: 'object',
  required: ['user', 'role'],
  properties: {
    user: { $ref: 'User#' },
    role: { type: 'string', enum: [...ENVIRONMENT_ROLES] },
    since: time,
  },
} as const;

export const accessTokenSchema = {
  $id: 'AccessToken',
  type: 'object',
  description: 'A personal access token as listed: never the secret.',
  required: ['id', 'name', 'prefix', 'createdAt'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    prefix: { type: 'string', description: 'The first characters of the token, to tell tokens apart.' },
    createdAt: time,
    expiresAt: optionalTime,
    lastUsedAt: optionalTime,
    revokedAt: optionalTime,
  },
} as const;

export const auditEntrySchema = {
  $id: 'AuditEntry',
  type: 'object',
  required: ['id', 'at', 'action', 'outcome', 'resourceType'],
  properties: {
    id: { type: 'string' },
    at: time,
    actorId: { type: ['string', 'null'] },
    actorEmail: { type: ['string', 'null'] },
    action: { type: 'string', description: 'Dotted verb, e.g. environment.create.' },
    outcome: { type: 'string', enum: ['success', 'failure'] },
    resourceType: { type: 'string' },
    resourceId: { type: ['string', 'null'] },
    summary: { type: 'object', additionalProperties: true, description: 'What changed, without secrets.' },
    ip: { type: ['string', 'null'] },
    userAgent: { type: ['string', 'null'] },
  },
} as const;

/** Names: lower-case letters, digits and dashes, starting with a letter or digit (they appear in URLs). */
export const NAME_PATTERN = '^[a-z0-9][a-z0-9-]{0,62}$';
export const nameSchema = {
  type: 'string',
  pattern: NAME_PATTERN,
  description: 'Lower-case letters, digits and dashes (at most 63), starting with a letter or digit.',
} as const;

export const appRoleSchema = { type: 'string', enum: [...APP_ROLES] } as const;
export const environmentRoleSchema = { type: 'string', enum: [...ENVIRONMENT_ROLES] } as const;

/** Every shared schema, in registration order. */
export const SHARED_SCHEMAS = [
  errorBodySchema,
  userSchema,
  environmentSchema,
  environmentMemberSchema,
  accessTokenSchema,
  auditEntrySchema,
];
