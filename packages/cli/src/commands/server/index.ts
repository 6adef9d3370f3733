/**
 * The server-side commands of the `portico` CLI: `serve`, `migrate`, `admin create-user`, `login`.
 * Later commands (`app`, `connector`, `connection`, `invoke`, `demo`, `admin rotate-key`) add themselves
 * to SERVER_COMMANDS (or register through `adminGroup` / `runServe`) and use `client.ts`.
 */
import type { Command } from 'commander';
import type { CommandIo } from '../../io.ts';
import { registerCreateUser } from './admin.ts';
import { registerApp } from './app.ts';
import { registerChanges } from './changes.ts';
import { registerConnection } from './connection.ts';
import { registerConnector } from './connector.ts';
import { registerDemo } from './demo.ts';
import { registerInvoke } from './invoke.ts';
import { registerLogin } from './login.ts';
import { registerMigrate } from './migrate.ts';
import { registerRotateKey } from './rotate-key.ts';
import { registerServe, type ServeHooks } from './serve.ts';

export { adminGroup } from './admin.ts';
export * from './client.ts';
export { configFilePath, readSavedLogin, saveLogin } from './config-file.ts';
export { runServe, type ServeFlags, type ServeHooks } from './serve.ts';
export { addDatabaseOptions, configFromFlags } from './server-flags.ts';

type Registrar = (program: Command, io: CommandIo) => unknown;

/** Every server-side command, in help order. Add new ones here. */
export const SERVER_COMMANDS: Registrar[] = [
  registerServe,
  registerDemo,
  registerMigrate,
  registerCreateUser,
  registerLogin,
  registerApp,
  registerConnector,
  registerConnection,
  registerInvoke,
  registerRotateKey,
  registerChanges,
];

/** Registers the server-side commands on the program (the CLI main calls this). */
export function registerServerCommands(program: Command, io: CommandIo): void {
  for (const register of SERVER_COMMANDS) register(program, io);
}

/** Like registerServerCommands, with hooks for `serve` (tests stop it with an AbortSignal). */
export function createServerCommands(hooks: ServeHooks): (program: Command, io: CommandIo) => void {
  return (program, io) => {
    for (const register of SERVER_COMMANDS) {
      if (register === registerServe) registerServe(program, io, hooks);
      else register(program, io);
    }
  };
}
