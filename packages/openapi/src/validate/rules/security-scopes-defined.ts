/** OAuth 2.0 scopes named in a security requirement are declared by that scheme's flows. */
import { childPointer, isObject } from '../../pointer.ts';
import type { JsonObject } from '../../types.ts';
import { securitySchemes } from '../helpers.ts';
import type { Rule } from '../rule.ts';
import { securityRequirementEntries } from '../security-requirements.ts';

export const securityScopesDefined: Rule = {
  id: 'security-scopes-defined',
  description: 'Scopes in OAuth 2.0 security requirements are declared by the scheme.',
  check({ document, version, resolve, report }) {
    const { schemes } = securitySchemes(document, version);
    for (const entry of securityRequirementEntries(document)) {
      const scheme = resolve(schemes[entry.scheme]);
      if (!isObject(scheme) || scheme.type !== 'oauth2' || !Array.isArray(entry.scopes)) continue;
      const declared = declaredScopes(scheme);
      entry.scopes.forEach((scope, index) => {
        if (typeof scope !== 'string' || declared.has(scope)) return;
        report({
          message: `Scope "${scope}" is not declared by OAuth 2.0 scheme "${entry.scheme}".`,
          pointer: childPointer(entry.pointer, index),
          fix: `Add "${scope}" to the scheme's scopes, or correct the spelling.`,
        });
      });
    }
  },
};

function declaredScopes(scheme: JsonObject): Set<string> {
  const out = new Set<string>();
  const add = (scopes: unknown) => {
    if (isObject(scopes)) for (const name of Object.keys(scopes)) out.add(name);
  };
  add(scheme.scopes);
  if (isObject(scheme.flows)) for (const flow of Object.values(scheme.flows)) if (isObject(flow)) add(flow.scopes);
  return out;
}
