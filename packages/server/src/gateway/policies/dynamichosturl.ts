/** `dynamichosturl`: replaces the upstream base URL (scheme, host, basePath) with a template over the connection. */
import { requestScope } from '../context.ts';
import { failWith } from '../errors.ts';
import { compileTemplate } from '../expressions.ts';
import type { PolicyTemplate } from './types.ts';

/** Parses a host URL template's result; a bare host gets `https://`. */
export function parseHostUrl(text: string): URL | undefined {
  const candidate = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(candidate);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

export const dynamichosturl: PolicyTemplate = {
  id: 'dynamichosturl',
  sections: ['request'],
  required: ['urlTemplate'],
  compile(params) {
    const template = compileTemplate(params.text('urlTemplate') ?? '');
    return {
      onRequest(state) {
        const scope = requestScope(state);
        const text = template.evaluate(scope).trim();
        if (scope.missing && scope.missing.length > 0) {
          failWith(
            'connection_incomplete',
            `The connection has no value for "${scope.missing[0]}", which the connector's host URL needs; update the connection.`,
            { parameter: scope.missing[0] },
          );
        }
        const url = parseHostUrl(text);
        if (!url || url.hostname === '') {
          failWith(
            'connection_incomplete',
            "The connector's host URL template does not give an http(s) URL with these connection values; check them.",
          );
        }
        state.baseUrl = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
      },
    };
  },
};
