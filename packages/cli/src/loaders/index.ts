/** The CLI's loader: files and URLs, plus in-memory documents (stdin), dispatched by URI scheme. */

import type { LoadedResource, Loader } from '../core.ts';
import { LoaderError } from '../errors.ts';
import { createFileLoader, DEFAULT_MAX_BYTES } from './file.ts';
import { createHttpLoader, type HttpLoaderOptions } from './http.ts';

export { displayUri } from './display.ts';
export { createFileLoader } from './file.ts';
export { createHttpLoader, HTTP_DEFAULTS } from './http.ts';

export interface CombinedLoaderOptions {
  /** Documents served from memory by exact URI (e.g. what was read from stdin). */
  memory?: ReadonlyMap<string, LoadedResource>;
  /** Refuse `file:` URIs (set when the root document came from the network, so it cannot read local files). */
  allowFiles?: boolean;
  /** Largest file accepted, in bytes. */
  maxFileBytes?: number;
  http?: HttpLoaderOptions;
  /** Used for `file:` URIs instead of the disk loader. */
  fileLoader?: Loader;
  /** Used for `http(s):` URIs instead of the fetch loader. */
  httpLoader?: Loader;
}

/** Creates the loader handed to the core: relative `$ref`s become absolute URIs, and this fetches each one. */
export function createLoader(options: CombinedLoaderOptions = {}): Loader {
  const fileLoader = options.fileLoader ?? createFileLoader({ maxBytes: options.maxFileBytes ?? DEFAULT_MAX_BYTES });
  const httpLoader = options.httpLoader ?? createHttpLoader(options.http);
  const allowFiles = options.allowFiles ?? true;
  return async (uri: string): Promise<LoadedResource> => {
    const base = uri.split('#')[0]!;
    const inMemory = options.memory?.get(base);
    if (inMemory) return inMemory;
    if (base.startsWith('file:')) {
      if (!allowFiles) {
        throw new LoaderError(
          uri,
          `Refusing to read ${base}: a definition fetched from the network cannot refer to local files.`,
          'file-from-remote',
        );
      }
      return fileLoader(base);
    }
    if (/^https?:/i.test(base)) return httpLoader(base);
    throw new LoaderError(uri, `Cannot load ${uri}: only files and http(s) URLs are supported.`, 'unsupported-scheme');
  };
}
