/**
 * `portico invoke --connection ID OPERATION_ID [--input JSON]`: calls a connector operation through the server's
 * gateway and prints the upstream's response body (pretty JSON when it is JSON). Exit 0 on 2xx; otherwise 1 with
 * the status and the error on stderr.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../../errors.ts';
import type { CommandIo } from '../../io.ts';
import { ApiError, addClientOptions, type ClientFlags, resolveClient, ServerExit } from './client.ts';

type Flags = ClientFlags & { connection: string; input?: string };

/** Parses `--input`: a JSON object, or `@file` holding one. */
function parseInput(raw: string | undefined, cwd: string): Record<string, unknown> {
  if (raw === undefined) return {};
  let text = raw;
  let where = '--input';
  if (raw.startsWith('@')) {
    const file = path.resolve(cwd, raw.slice(1));
    where = file;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new CliError(`cannot read ${file}: ${(err as Error).message}.`, ServerExit.unusable);
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CliError(
      `${where} is not valid JSON (${(err as Error).message}); pass an object like '{"itemId": 3, "body": {…}}'.`,
      ServerExit.unusable,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError(`${where} must be a JSON object of inputs by parameter name (and "body").`, ServerExit.unusable);
  }
  return value as Record<string, unknown>;
}

/** The body for people: pretty JSON when it parses, else the text as it came. */
function render(text: string, contentType: string | null): string {
  if (text === '') return '';
  if (contentType === null || /json/i.test(contentType)) {
    try {
      return `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
    } catch {
      // not JSON after all: print as is
    }
  }
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** Registers `portico invoke`. */
export function registerInvoke(program: Command, io: CommandIo): Command {
  return addClientOptions(
    program
      .command('invoke')
      .description("call a connector operation with a connection's credentials and print the response body")
      .argument('<operationId>', 'operation id of the connector definition, e.g. ListItems')
      .requiredOption('--connection <id>', 'connection id (see `portico connection list`)')
      .option('--input <json>', 'inputs as a JSON object: parameters by name, and "body"; or @file.json'),
  ).action(async (operationId: string, flags: Flags) => {
    const inputs = parseInput(flags.input, io.cwd);
    const client = resolveClient(flags, io);
    const url = `/api/v1/connections/${encodeURIComponent(flags.connection)}/operations/${encodeURIComponent(operationId)}`;
    try {
      const res = await client.send('POST', url, { body: inputs });
      const text = await res.text();
      if (flags.json) {
        let body: unknown = text;
        try {
          body = text === '' ? null : JSON.parse(text);
        } catch {
          body = text;
        }
        io.stdout.write(
          `${JSON.stringify({ id: flags.connection, operationId, status: res.status, body }, null, 2)}\n`,
        );
      } else {
        io.stdout.write(render(text, res.headers.get('content-type')));
      }
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (flags.json) {
        io.stdout.write(
          `${JSON.stringify({ id: flags.connection, operationId, status: err.status, error: { code: err.code, message: err.message, details: err.details } }, null, 2)}\n`,
        );
      }
      io.stderr.write(`${err.message}\n`);
      io.setExitCode(ServerExit.refused);
    }
  });
}
