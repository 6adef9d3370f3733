/** pp-host: a bare host name (and port) is required; scheme and path belong elsewhere. */
import type { Rule } from '../../validate/rule.ts';

export const ppHost: Rule = {
  id: 'pp-host',
  versions: ['2.0'],
  description: '`host` must be present and be a bare host name with an optional port (no scheme, path or spaces).',
  check({ document, report }) {
    const host = document.host;
    if (host === undefined || host === '') {
      report({
        message: 'The definition has no `host`; Power Platform calls `<scheme>://<host><basePath>` and needs one.',
        pointer: '',
        fix: 'Set `host` to the API host name, e.g. `api.example.com` (an OpenAPI 3 export takes it from the first server URL).',
      });
      return;
    }
    if (typeof host !== 'string') {
      report({ message: '`host` must be a string.', pointer: '/host', fix: 'Set `host` to the API host name.' });
      return;
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host) || host.includes('/') || /\s/.test(host)) {
      report({
        message: `\`host\` "${host}" must be a bare host name without scheme, path or spaces.`,
        pointer: '/host',
        fix: 'Keep only the host name (and port) in `host`; put the scheme in `schemes` and the path in `basePath`.',
      });
      return;
    }
    if (host.includes('{')) {
      report({
        message: `\`host\` "${host}" is a template; Power Platform does not substitute it.`,
        pointer: '/host',
        severity: 'warning',
        fix: 'Use a real host name and a `dynamichosturl` policy (apiProperties.json) when the host depends on the connection.',
      });
    }
  },
};
