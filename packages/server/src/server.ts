/** Starting a real server: open the store, migrate, build, listen, print where it serves. */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { deleteExpiredSessions } from './store/sessions.ts';
import { migrateOrThrow, openStore, type Store } from './store/store.ts';
import { countUsers } from './store/users.ts';

export interface StartOptions {
  config: Config;
  /** Use this store instead of opening `config.database` (the caller then closes it). */
  store?: Store;
  logger?: Logger;
  extraFeatures?: FastifyPluginAsync[];
  /** Where human-readable start-up lines go (default: stdout). */
  print?: (line: string) => void;
  /** Runs after migrations, before listening (e.g. the demo seeds its API app). */
  beforeListen?: (app: FastifyInstance) => Promise<void>;
}

export interface RunningServer {
  app: FastifyInstance;
  /** The URL it serves at, e.g. http://127.0.0.1:8080. */
  url: string;
  store: Store;
  /** Stops listening and closes the store if startServer opened it. */
  close(): Promise<void>;
}

/** The first-start hint printed when there are no users yet. */
export const FIRST_ADMIN_HINT = [
  'No users yet. Create the first administrator (the password is read from stdin):',
  '  printf %s "$PASSWORD" | portico admin create-user --email you@example.com --role admin --password-stdin',
  'Add --token to also print a personal access token for the CLI.',
];

/** Printed when several nodes could share the database but each would keep its own generated key file. */
export const SHARED_KEY_WARNING = [
  'Warning: PostgreSQL without PORTICO_MASTER_KEY. Secrets are encrypted with the key file under --data;',
  'every node serving this database needs the same key, so set PORTICO_MASTER_KEY on all of them.',
];

/** Opens the store, migrates, builds the app and listens; prints the URL and, on a fresh install, how to create an admin. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const config = options.config;
  const ownsStore = !options.store;
  const store = options.store ?? openStore(config.database, { sqliteSynchronous: config.sqliteSynchronous });
  try {
    await migrateOrThrow(store);
    const app = await buildApp({
      config,
      store,
      logger: options.logger,
      migrate: false,
      extraFeatures: options.extraFeatures,
    });
    try {
      if (options.beforeListen) await options.beforeListen(app);
      await app.listen({ port: config.port, host: config.host });
    } catch (err) {
      await app.close();
      throw err;
    }
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    // A derived public URL (no PORTICO_PUBLIC_URL) with port 0 learns the real port now.
    if (/:0$/.test(config.publicUrl)) config.publicUrl = url;
    print(`Portico is serving at ${url} (database: ${store.dialect} ${store.location})`);
    if (store.dialect === 'postgres' && !config.masterKey) for (const line of SHARED_KEY_WARNING) print(line);
    if ((await countUsers(store.db)) === 0) for (const line of FIRST_ADMIN_HINT) print(line);
    // Expired sessions are useless; sweep them hourly (every node may do it, the delete is idempotent).
    const sweep = setInterval(() => {
      deleteExpiredSessions(store.db).catch((err: unknown) => app.log.warn({ err }, 'session sweep failed'));
    }, 3600_000);
    sweep.unref();
    return {
      app,
      url,
      store,
      close: async () => {
        clearInterval(sweep);
        await app.close();
        if (ownsStore) await store.close();
      },
    };
  } catch (err) {
    if (ownsStore) await store.close();
    throw err;
  }
}
