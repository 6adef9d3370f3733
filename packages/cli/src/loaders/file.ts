/** Loads `file:` URIs from disk, with a size limit and messages that say what to do. */
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { LoadedResource, Loader } from '../core.ts';
import { LoaderError } from '../errors.ts';
import { formatBytes } from '../io.ts';

export interface FileLoaderOptions {
  /** Largest file accepted, in bytes (default 50 MiB). */
  maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

/** Creates a loader for `file:` URIs; it rejects with a LoaderError naming the file and the fix. */
export function createFileLoader(options: FileLoaderOptions = {}): Loader {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  return async (uri: string): Promise<LoadedResource> => {
    if (!uri.startsWith('file:')) {
      throw new LoaderError(uri, `Cannot read ${uri}: the file loader only reads file: URIs.`, 'unsupported-scheme');
    }
    const path = fileURLToPath(uri.split('#')[0]!);
    try {
      const info = await stat(path);
      if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
      if (info.size > maxBytes) {
        throw new LoaderError(
          uri,
          `${path} is ${formatBytes(info.size)}, more than the ${formatBytes(maxBytes)} limit for a definition; split it into files joined by $ref.`,
          'too-large',
        );
      }
      const text = await readFile(path);
      return { text: new Uint8Array(text.buffer, text.byteOffset, text.byteLength), uri };
    } catch (error) {
      throw toLoaderError(error, uri, path);
    }
  };
}

/** Maps Node's file-system error codes to one clear sentence each. */
function toLoaderError(error: unknown, uri: string, path: string): Error {
  if (error instanceof LoaderError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new LoaderError(uri, `File not found: ${path}. Check the path.`, 'not-found');
    case 'EISDIR':
      return new LoaderError(
        uri,
        `${path} is a folder, not a definition file. Give a JSON or YAML file, or a connector package folder containing apiDefinition.swagger.json and apiProperties.json.`,
        'is-directory',
      );
    case 'EACCES':
    case 'EPERM':
      return new LoaderError(uri, `Permission denied reading ${path}. Check the file's permissions.`, 'permission');
    default:
      return new LoaderError(
        uri,
        `Cannot read ${path}: ${(error as Error | undefined)?.message ?? String(error)}.`,
        code ?? 'io',
      );
  }
}
