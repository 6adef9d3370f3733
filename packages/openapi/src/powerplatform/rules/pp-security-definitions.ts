/** pp-security-definitions: one authentication scheme per connector (or only API keys). */
import { childPointer, isObject } from '../../pointer.ts';
import type { Rule } from '../../validate/rule.ts';

export const ppSecurityDefinitions: Rule = {
  id: 'pp-security-definitions',
  versions: ['2.0'],
  description:
    'At most one security definition (several API keys are accepted with a warning); OAuth 2.0 should use the accessCode flow.',
  check({ document, report }) {
    const defs = document.securityDefinitions;
    if (!isObject(defs)) return;
    const entries = Object.entries(defs).filter(([, d]) => isObject(d));
    const types = new Set(entries.map(([, d]) => (isObject(d) ? String(d.type) : '')));
    if (entries.length > 1) {
      const allApiKeys = types.size === 1 && types.has('apiKey');
      report({
        message: allApiKeys
          ? `${entries.length} API key definitions: Power Platform binds only the first to the connection; the others need their own connection parameters and setheader/setqueryparameter policies (portico export writes them).`
          : `${entries.length} security definitions (${[...types].join(', ')}); a Power Platform connector uses one authentication type.`,
        pointer: '/securityDefinitions',
        severity: allApiKeys ? 'warning' : 'error',
        fix: 'Keep the one definition Power Platform should use (`--fix` keeps OAuth 2.0 authorization code > API key > basic).',
      });
    }
    for (const [name, def] of entries) {
      if (!isObject(def)) continue;
      if (def.type === 'oauth2' && def.flow !== 'accessCode') {
        report({
          message: `OAuth 2.0 definition "${name}" uses the ${String(def.flow)} flow; custom connectors sign users in with the authorization code (accessCode) flow.`,
          pointer: childPointer('/securityDefinitions', name, 'flow'),
          severity: 'warning',
          fix: 'Use `flow: accessCode` with `authorizationUrl` and `tokenUrl` when the provider supports it.',
        });
      }
      if (def.type !== 'oauth2' && def.type !== 'apiKey' && def.type !== 'basic') {
        report({
          message: `Security definition "${name}" has unsupported type ${JSON.stringify(def.type)}.`,
          pointer: childPointer('/securityDefinitions', name, 'type'),
          severity: 'error',
          fix: 'Use basic, apiKey or oauth2.',
        });
      }
    }
  },
};
