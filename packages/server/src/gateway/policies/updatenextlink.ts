/** `updatenextlink`: rewrites the upstream's next-page URL so that the caller follows it through the gateway. */
import { compileSubPath } from '../expressions.ts';
import { isObject, readPath } from './body.ts';
import type { PolicyTemplate } from './types.ts';

/** The gateway URL for an upstream URL below `baseUrl`, or undefined when it points elsewhere. */
export function gatewayLink(link: string, baseUrl: string, gatewayBaseUrl: string): string | undefined {
  let url: URL;
  let base: URL;
  try {
    url = new URL(link, `${baseUrl}/`);
    base = new URL(`${baseUrl}/`);
  } catch {
    return undefined;
  }
  if (url.origin !== base.origin) return undefined;
  const basePath = base.pathname.replace(/\/+$/, '');
  const path = url.pathname.startsWith(`${basePath}/`) ? url.pathname.slice(basePath.length) : url.pathname;
  return `${gatewayBaseUrl.replace(/\/+$/, '')}${path}${url.search}`;
}

export const updatenextlink: PolicyTemplate = {
  id: 'updatenextlink',
  sections: ['response'],
  required: ['nextLinkPropertyName'],
  compile(params) {
    const name = params.text('nextLinkPropertyName') ?? '';
    const parentText = (params.text('nextLinkParentPropertyPath') ?? '').replace(/^@?body\(\)\.?/, '');
    const parent = compileSubPath(parentText);
    if (!parent) throw new Error('parameter "nextLinkParentPropertyPath" is not a property path');
    return {
      readsResponseBody: true,
      onResponse(state) {
        if (!state.gatewayBaseUrl) return;
        const holder = readPath(state.body.json, parent);
        if (!isObject(holder)) return;
        const link = holder[name];
        if (typeof link !== 'string' || link === '') return;
        const rewritten = gatewayLink(link, state.request.baseUrl, state.gatewayBaseUrl);
        if (rewritten !== undefined) holder[name] = rewritten;
      },
    };
  },
};
