/**
 * `portico admin …`: administration on the database directly (no running server needed), with the same
 * `--data` / `--database-url` flags as `serve`. Other admin commands (e.g. `rotate-key`) attach to the
 * group returned by `adminGroup(program)`.
 */
import {
  createAccessToken,
  hashPassword,
  MIN_PASSWORD_LENGTH,
  migrateOrThrow,
  newPersonalAccessToken,
  openStore,
  provisionUser,
  recordSystemAudit,
} from '@portico/server';
import type { Command } from 'commander';
import { CliError } from '../../errors.ts';
import { type CommandIo, readAll } from '../../io.ts';
import { ServerExit } from './client.ts';
import { addDatabaseOptions, configFromFlags, type DatabaseFlags } from './server-flags.ts';

/** The `admin` command group, created on first use so several registrars can add to it. */
export function adminGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'admin') ??
    program.command('admin').description('administer a Portico installation directly on its database')
  );
}

interface CreateUserFlags extends DatabaseFlags {
  email: string;
  role: string;
  displayName?: string;
  passwordStdin?: boolean;
  token?: boolean;
  json?: boolean;
}

async function readPassword(io: CommandIo): Promise<string> {
  const bytes = await readAll(io.stdin, 4096);
  const password = new TextDecoder().decode(bytes).replace(/\r?\n$/, '');
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new CliError(
      `the password read from stdin is ${password.length} characters long; use at least ${MIN_PASSWORD_LENGTH}.`,
      ServerExit.unusable,
    );
  }
  return password;
}

/** Registers `portico admin create-user`. */
export function registerCreateUser(program: Command, io: CommandIo): Command {
  return addDatabaseOptions(
    adminGroup(program)
      .command('create-user')
      .description('create a user (a maker in the default environment); --role admin makes a global administrator')
      .requiredOption('--email <email>', 'email address, used to sign in')
      .option('--role <role>', 'admin or user', 'user')
      .option('--display-name <name>', 'name shown in the portal')
      .option('--password-stdin', 'read the password from stdin (otherwise the user can only use tokens)')
      .option('--token', 'also create a personal access token and print it on the last line of stdout')
      .option('--json', 'print { "id", "email", "admin", "token"? } instead of text'),
  ).action(async (flags: CreateUserFlags) => {
    if (flags.role !== 'admin' && flags.role !== 'user') {
      throw new CliError(`--role must be admin or user, got "${flags.role}".`, ServerExit.unusable);
    }
    if (!/^[^\s@]+@[^\s@]+$/.test(flags.email)) {
      throw new CliError(
        `--email must be an email address like you@example.com, got "${flags.email}".`,
        ServerExit.unusable,
      );
    }
    const config = configFromFlags(io, flags);
    const passwordHash = flags.passwordStdin ? await hashPassword(await readPassword(io)) : null;
    const store = openStore(config.database, { sqliteSynchronous: config.sqliteSynchronous });
    try {
      await migrateOrThrow(store);
      const result = await store.transaction(async (trx) => {
        const created = await provisionUser(trx, {
          email: flags.email,
          displayName: flags.displayName,
          admin: flags.role === 'admin',
          passwordHash,
        });
        if (!created.ok) return undefined;
        const user = created.value;
        await recordSystemAudit(trx, {
          via: 'portico admin create-user',
          actor: { id: user.id, email: user.email },
          action: 'user.create',
          resourceType: 'user',
          resourceId: user.id,
          summary: { email: user.email, admin: user.admin },
        });
        if (!flags.token) return { user, token: undefined };
        const { token, hash, prefix } = newPersonalAccessToken();
        const record = await createAccessToken(trx, {
          userId: user.id,
          name: 'portico admin create-user',
          prefix,
          tokenHash: hash,
          expiresAt: null,
        });
        await recordSystemAudit(trx, {
          via: 'portico admin create-user',
          actor: { id: user.id, email: user.email },
          action: 'token.create',
          resourceType: 'token',
          resourceId: record.id,
          summary: { name: record.name },
        });
        return { user, token };
      });
      if (!result)
        throw new CliError(`a user with email "${flags.email.toLowerCase()}" already exists.`, ServerExit.refused);
      const { user, token } = result;
      if (flags.json) {
        io.stdout.write(
          `${JSON.stringify({ id: user.id, email: user.email, admin: user.admin, ...(token ? { token } : {}) })}\n`,
        );
        return;
      }
      io.stdout.write(
        `Created ${user.admin ? 'administrator' : 'user'} ${user.email} (id ${user.id}); maker in environment "default".\n`,
      );
      if (!passwordHash) io.stdout.write('No password set: this user signs in with personal access tokens only.\n');
      if (token)
        io.stdout.write(`Personal access token (shown once; send as "Authorization: Bearer <token>"):\n${token}\n`);
    } finally {
      await store.close();
    }
  });
}
