/** `portico login`: check a token (or sign in with email and password to create one) and save URL + token. */
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { CliError } from '../../errors.ts';
import { type CommandIo, readAll } from '../../io.ts';
import { describeApiError, normalizeServerUrl, PorticoClient, ServerExit } from './client.ts';
import { saveLogin } from './config-file.ts';

interface LoginFlags {
  url?: string;
  token?: string;
  email?: string;
  passwordStdin?: boolean;
  json?: boolean;
}

interface Me {
  user: { id: string; email: string };
}

/** Signs in with email and password, creates a token named after this machine, and signs out again. */
async function tokenFromPassword(url: string, email: string, password: string): Promise<string> {
  const reach = async (path: string, init: RequestInit) => {
    try {
      return await fetch(`${url}${path}`, init);
    } catch (err) {
      throw new CliError(`Cannot reach Portico at ${url} (${(err as Error).message}).`, ServerExit.unusable);
    }
  };
  const fail = async (res: Response) => {
    const text = await res.text();
    let body: { error?: { code?: string; message?: string } } | undefined;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return describeApiError(res.status, body, `HTTP ${res.status}`);
  };
  const login = await reach('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok) throw await fail(login);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  const created = await reach('/api/v1/tokens', {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: `portico login on ${hostname()}` }),
  });
  if (!created.ok) throw await fail(created);
  const { token } = (await created.json()) as { token: string };
  await reach('/api/v1/auth/logout', { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken } });
  return token;
}

/** Registers `portico login`. */
export function registerLogin(program: Command, io: CommandIo): Command {
  return program
    .command('login')
    .description(
      'save the server URL and a personal access token for the other commands (~/.config/portico/config.json)',
    )
    .option('--url <url>', 'Portico server URL (default: PORTICO_URL)')
    .option('--token <token>', 'an existing personal access token (default: PORTICO_TOKEN)')
    .option('--email <email>', 'sign in with email and password instead, creating a token')
    .option('--password-stdin', 'read the password for --email from stdin')
    .option('--json', 'print { "id", "email", "url", "config" }')
    .action(async (flags: LoginFlags) => {
      const rawUrl = flags.url ?? io.env.PORTICO_URL;
      if (!rawUrl) throw new CliError('give the server with --url or PORTICO_URL.', ServerExit.unusable);
      const url = normalizeServerUrl(rawUrl, flags.url ? '--url' : 'PORTICO_URL');
      let token = flags.token ?? (flags.email ? undefined : io.env.PORTICO_TOKEN);
      if (!token) {
        if (!flags.email || !flags.passwordStdin) {
          throw new CliError('give --token (or PORTICO_TOKEN), or --email with --password-stdin.', ServerExit.unusable);
        }
        const password = new TextDecoder().decode(await readAll(io.stdin, 4096)).replace(/\r?\n$/, '');
        token = await tokenFromPassword(url, flags.email, password);
      }
      const me = await new PorticoClient(url, token).get<Me>('/api/v1/me');
      const file = saveLogin(io.env, { url, token });
      if (flags.json)
        io.stdout.write(`${JSON.stringify({ id: me.user.id, email: me.user.email, url, config: file })}\n`);
      else io.stdout.write(`Signed in to ${url} as ${me.user.email}; saved to ${file}.\n`);
    });
}
