/** Works out what `<input>` names: a file, a URL, stdin (`-`) or a connector package folder. */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CliError } from '../errors.ts';

export const PACKAGE_DEFINITION = 'apiDefinition.swagger.json';
export const PACKAGE_PROPERTIES = 'apiProperties.json';
export const PACKAGE_SETTINGS = 'settings.json';

export type InputSource =
  | { kind: 'file'; uri: string; display: string }
  | { kind: 'url'; uri: string; display: string }
  | { kind: 'stdin'; uri: string; display: string }
  | { kind: 'package'; uri: string; display: string; dir: string };

/** Classifies `<input>`; a folder must hold a connector package, anything else is left to the loader to report. */
export async function classifyInput(input: string, cwd: string): Promise<InputSource> {
  if (input === '-') {
    // Relative $refs in a document read from stdin resolve against the working directory.
    return { kind: 'stdin', uri: pathToFileURL(join(cwd, '<stdin>')).href, display: '<stdin>' };
  }
  if (/^https?:\/\//i.test(input)) {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw new CliError(`"${input}" is not a valid URL. Check it, or give a file path.`);
    }
    return { kind: 'url', uri: url.href, display: url.href };
  }
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(input) && !input.toLowerCase().startsWith('file://')) {
    throw new CliError(`Cannot read "${input}": only files, http(s) URLs and "-" (stdin) are supported.`);
  }
  const path = input.toLowerCase().startsWith('file://') ? fileURLToPath(input) : resolve(cwd, input);
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) {
    const hasDefinition = await isFile(join(path, PACKAGE_DEFINITION));
    const hasProperties = await isFile(join(path, PACKAGE_PROPERTIES));
    if (!hasDefinition || !hasProperties) {
      const missing = [hasDefinition ? '' : PACKAGE_DEFINITION, hasProperties ? '' : PACKAGE_PROPERTIES].filter(
        Boolean,
      );
      throw new CliError(
        `${input} is a folder but not a connector package: ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing. Give a definition file (JSON or YAML), or a folder containing both ${PACKAGE_DEFINITION} and ${PACKAGE_PROPERTIES}.`,
      );
    }
    return {
      kind: 'package',
      uri: pathToFileURL(join(path, PACKAGE_DEFINITION)).href,
      display: join(input, PACKAGE_DEFINITION),
      dir: path,
    };
  }
  return { kind: 'file', uri: pathToFileURL(path).href, display: input };
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}
