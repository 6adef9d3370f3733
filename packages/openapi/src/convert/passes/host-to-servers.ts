/** Pass (2.0 → 3.x): builds `servers` from `schemes`, `host` and `basePath`. */
import type { Pass } from '../context.ts';

export const hostToServers: Pass = {
  name: 'host-to-servers',
  run(context) {
    const document = context.document;
    const host = typeof document.host === 'string' ? document.host : undefined;
    const basePath = typeof document.basePath === 'string' ? document.basePath : '';
    const schemes = Array.isArray(document.schemes)
      ? document.schemes.filter((s): s is string => typeof s === 'string')
      : [];
    delete document.host;
    delete document.basePath;
    delete document.schemes;
    if (host !== undefined) {
      const list = schemes.length > 0 ? schemes : ['https'];
      document.servers = list.map((scheme) => ({ url: `${scheme}://${host}${basePath === '/' ? '' : basePath}` }));
    } else if (basePath !== '') {
      document.servers = [{ url: basePath }];
    }
  },
};
