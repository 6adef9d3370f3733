/** Pass: sets the `openapi` version string of a 3.x output (and puts it first). */
import type { Pass } from '../context.ts';
import { orderKeys, replaceContents } from '../order.ts';

/** A pass writing `openapi: <version>` as the document's first key. */
export function setOpenApiVersion(version: string): Pass {
  return {
    name: 'set-version',
    movesNothing: true,
    run(context) {
      const document = context.document;
      delete document.swagger;
      document.openapi = version;
      replaceContents(
        document,
        orderKeys(document, [
          'openapi',
          'info',
          'jsonSchemaDialect',
          'servers',
          'paths',
          'webhooks',
          'components',
          'security',
          'tags',
          'externalDocs',
        ]),
      );
    },
  };
}
