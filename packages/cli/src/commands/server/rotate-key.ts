/**
 * `portico admin rotate-key`: re-wraps every stored secret under a new master key, record by record.
 * With the key file (no PORTICO_MASTER_KEY), a new key is put at the head of the file (older keys stay for
 * decryption). With PORTICO_MASTER_KEY, set the new key there and the old one in PORTICO_MASTER_KEY_PREVIOUS
 * on every node first; this command then moves the records to it while the servers keep running.
 */

import { existsSync } from 'node:fs';
import {
  createKeyring,
  keyFilePath,
  migrateOrThrow,
  openStore,
  recordSystemAudit,
  rewrapAllSecrets,
  rewrapOAuthSecrets,
  rotateKeyFile,
} from '@portico/server';
import type { Command } from 'commander';
import { CliError } from '../../errors.ts';
import type { CommandIo } from '../../io.ts';
import { adminGroup } from './admin.ts';
import { ServerExit } from './client.ts';
import { addDatabaseOptions, configFromFlags, type DatabaseFlags } from './server-flags.ts';

interface RotateFlags extends DatabaseFlags {
  keepKey?: boolean;
  json?: boolean;
}

/** Registers `portico admin rotate-key`. */
export function registerRotateKey(program: Command, io: CommandIo): Command {
  return addDatabaseOptions(
    adminGroup(program)
      .command('rotate-key')
      .description('re-wrap every stored secret under a new master key (key file) or the current PORTICO_MASTER_KEY')
      .option(
        '--keep-key',
        'do not generate a new key; only move records still wrapped by older keys to the current one',
      )
      .option('--json', 'print { "id", "keyId", "total", "rewrapped", "alreadyCurrent", "failed" }'),
  ).action(async (flags: RotateFlags) => {
    const config = configFromFlags(io, flags);
    const fromEnv = config.masterKey !== undefined;
    let generated = false;
    if (!fromEnv && !flags.keepKey) {
      if (!existsSync(keyFilePath(config.dataDir))) {
        throw new CliError(
          `there is no key file at ${keyFilePath(config.dataDir)}; start Portico once (it creates one), or set PORTICO_MASTER_KEY.`,
          ServerExit.unusable,
        );
      }
      rotateKeyFile(config.dataDir);
      generated = true;
    }
    const keyring = createKeyring({
      masterKey: config.masterKey,
      previousKeys: config.masterKeyPrevious,
      dataDir: config.dataDir,
    });
    const store = openStore(config.database, { sqliteSynchronous: config.sqliteSynchronous });
    try {
      await migrateOrThrow(store);
      const report = mergeReports(await rewrapAllSecrets(store, keyring), await rewrapOAuthSecrets(store, keyring));
      await recordSystemAudit(store.db, {
        via: 'portico admin rotate-key',
        action: 'secrets.rotate',
        resourceType: 'master-key',
        resourceId: report.keyId,
        outcome: report.failed.length > 0 ? 'failure' : 'success',
        summary: {
          keyId: report.keyId,
          total: report.total,
          rewrapped: report.rewrapped,
          failed: report.failed.length,
          newKey: generated,
        },
      });
      if (flags.json) {
        io.stdout.write(`${JSON.stringify({ id: report.keyId, newKey: generated, ...report })}\n`);
      } else {
        io.stdout.write(
          `${generated ? `New master key ${report.keyId} written to ${keyFilePath(config.dataDir)}.\n` : ''}` +
            `Re-wrapped ${report.rewrapped} of ${report.total} stored secrets under key ${report.keyId} (${report.alreadyCurrent} already used it).\n`,
        );
        if (generated)
          io.stdout.write('Restart running Portico servers of this data directory so they load the new key.\n');
        for (const f of report.failed) io.stderr.write(`  - ${f.table} ${f.id}: ${f.message}\n`);
      }
      if (report.failed.length > 0) io.setExitCode(ServerExit.refused);
    } finally {
      await store.close();
    }
  });
}

/** One report over the connection/connector secrets and the OAuth tokens and verifiers. */
function mergeReports(
  base: Awaited<ReturnType<typeof rewrapAllSecrets>>,
  oauth: Awaited<ReturnType<typeof rewrapOAuthSecrets>>,
) {
  return {
    ...base,
    total: base.total + oauth.total,
    rewrapped: base.rewrapped + oauth.rewrapped,
    alreadyCurrent: base.alreadyCurrent + oauth.alreadyCurrent,
    retried: base.retried + oauth.changed,
    failed: [...base.failed, ...oauth.failed] as Array<{ table: string; id: string; message: string }>,
  };
}
