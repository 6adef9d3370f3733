/** The CLI's saved sign-in: `~/.config/portico/config.json` (or `$XDG_CONFIG_HOME/portico/…`), mode 0600. */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CliError } from '../../errors.ts';

export interface SavedLogin {
  url: string;
  token: string;
}

/** Where the saved sign-in lives for this environment (PORTICO_CONFIG overrides). */
export function configFilePath(env: Readonly<Record<string, string | undefined>>): string {
  if (env.PORTICO_CONFIG) return env.PORTICO_CONFIG;
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || env.USERPROFILE || '.', '.config');
  return path.join(base, 'portico', 'config.json');
}

/** The saved sign-in, or undefined when there is none; a corrupt file is an error that names it. */
export function readSavedLogin(env: Readonly<Record<string, string | undefined>>): SavedLogin | undefined {
  const file = configFilePath(env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const data = JSON.parse(text) as Partial<SavedLogin>;
    if (typeof data.url === 'string' && typeof data.token === 'string') return { url: data.url, token: data.token };
  } catch {
    // fall through
  }
  throw new CliError(`${file} is not a Portico CLI config file; run \`portico login\` again or delete it.`);
}

/** Saves the sign-in atomically (temporary file + rename) with owner-only permissions. */
export function saveLogin(env: Readonly<Record<string, string | undefined>>, login: SavedLogin): string {
  const file = configFilePath(env);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
  return file;
}
