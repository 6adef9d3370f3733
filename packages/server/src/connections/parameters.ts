/**
 * Checking a new connection's parameters against what the connector asks for (apiProperties.json names, e.g.
 * `api_key`, `username`/`password`), and splitting them into the secret part (encrypted) and the rest.
 */
import type { ConnectionParameterInfo, ConnectionRequirements } from '@portico/openapi';
import { fail } from '../errors.ts';
import type { Credential } from '../store/sealed.ts';

export type ParameterValue = string | number | boolean;

/** The checked parameters: `secrets` go into the sealed credentials, `plain` into the connection row. */
export interface SplitParameters {
  authType: ConnectionRequirements['type'];
  plain: Record<string, string>;
  secrets: Credential;
  parameterSet?: string;
}

/** Validates the given parameters; fails naming every unknown, missing or ill-typed one. */
export function splitParameters(
  connector: string,
  requirements: ConnectionRequirements,
  given: Record<string, ParameterValue>,
  parameterSet?: string,
): SplitParameters {
  let req: Omit<ConnectionRequirements, 'sets'> = requirements;
  if (requirements.type === 'multi') {
    const sets = requirements.sets ?? [];
    const chosen =
      parameterSet === undefined
        ? sets.length === 1
          ? sets[0]
          : undefined
        : sets.find((s) => s.name === parameterSet);
    if (!chosen) {
      fail(
        'connection_parameters_invalid',
        `Connector "${connector}" offers several ways to authenticate; choose one with "parameterSet": ${sets.map((s) => `"${s.name}" (${s.label})`).join(', ')}.`,
        { sets: sets.map((s) => ({ name: s.name, label: s.label, type: s.type })) },
      );
    }
    req = chosen;
    parameterSet = chosen.name;
  } else if (parameterSet !== undefined) {
    fail('connection_parameters_invalid', `Connector "${connector}" has no parameter sets; remove "parameterSet".`);
  }

  const known = new Map<string, ConnectionParameterInfo>(
    // The oauthSetting parameter is the sign-in itself (OAuth flow), not a value the user types.
    req.parameters.filter((p) => p.type !== 'gatewaySetting' && p.type !== 'oauthSetting').map((p) => [p.name, p]),
  );
  const problems: Array<{ parameter: string; message: string }> = [];
  for (const name of Object.keys(given)) {
    if (!known.has(name)) {
      problems.push({
        parameter: name,
        message: `unknown parameter "${name}" (this connector takes ${[...known.keys()].map((k) => `"${k}"`).join(', ') || 'none'})`,
      });
    }
  }
  const plain: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const info of known.values()) {
    const raw = given[info.name];
    if (raw === undefined || raw === '') {
      if (info.defaultValue !== undefined && !info.secret) plain[info.name] = info.defaultValue;
      else if (info.required && !info.hidden)
        problems.push({ parameter: info.name, message: `missing "${info.name}" (${info.label})` });
      continue;
    }
    const value = String(raw);
    if (info.type === 'int' && !/^-?\d+$/.test(value)) {
      problems.push({ parameter: info.name, message: `"${info.name}" must be a whole number` });
      continue;
    }
    if (info.type === 'bool' && !/^(true|false)$/i.test(value)) {
      problems.push({ parameter: info.name, message: `"${info.name}" must be true or false` });
      continue;
    }
    if (info.allowedValues && info.allowedValues.length > 0 && !info.allowedValues.some((a) => a.value === value)) {
      problems.push({
        parameter: info.name,
        message: `"${info.name}" must be one of ${info.allowedValues.map((a) => `"${a.value}"`).join(', ')}`,
      });
      continue;
    }
    if (info.secret) secrets[info.name] = value;
    else plain[info.name] = value;
  }
  if (problems.length > 0) {
    fail(
      'connection_parameters_invalid',
      `The connection parameters for "${connector}" are not right: ${problems.map((p) => p.message).join('; ')}.`,
      { problems },
    );
  }
  return { authType: req.type, plain, secrets, ...(parameterSet !== undefined ? { parameterSet } : {}) };
}
