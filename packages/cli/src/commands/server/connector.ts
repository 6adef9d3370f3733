/**
 * `portico connector create | update | download | list | delete` over the management API, with paconn's flags
 * (`--api-def`, `--api-prop`, `--icon`, `--settings`, `--secret`). `create` runs both steps of the wizard:
 * prepare (upload) then create with the answers from `--secret` and `--param key=value`.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../../errors.ts';
import type { CommandIo } from '../../io.ts';
import { collect, environmentOf, parsePairs, readInputFile, writeFileAtomic } from './cli-files.ts';
import { addClientOptions, type ClientFlags, printResult, resolveClient, ServerExit, table } from './client.ts';

interface PackageFlags extends ClientFlags {
  apiDef?: string;
  apiProp?: string;
  settings?: string;
  icon?: string;
  definition?: string;
  definitionUrl?: string;
  name?: string;
  displayName?: string;
  environment?: string;
  secret?: string;
  param?: string[];
}

interface Question {
  key: string;
  label: string;
  description: string;
  required: boolean;
  default?: unknown;
}

interface ConnectorView {
  id: string;
  name: string;
  displayName: string;
  version: number;
  authType: string;
  builtIn: boolean;
  operations?: unknown[];
  hasIcon?: boolean;
}

const ANSWER_KEYS = [
  'clientId',
  'resourceUri',
  'loginUri',
  'tenantId',
  'authorizationUrl',
  'tokenUrl',
  'refreshUrl',
  'scopes',
  'apiKeyLabel',
];

/** The package or definition to upload, from the flags. */
function sourceBody(io: CommandIo, flags: PackageFlags, required: boolean): Record<string, string> {
  const body: Record<string, string> = {};
  const text = (file: string, flag: string) => readInputFile(io.cwd, file, flag).toString('utf8');
  if (flags.apiDef) body.apiDefinition = text(flags.apiDef, '--api-def');
  if (flags.apiProp) body.apiProperties = text(flags.apiProp, '--api-prop');
  if (flags.settings) body.settings = text(flags.settings, '--settings');
  if (flags.icon) body.icon = readInputFile(io.cwd, flags.icon, '--icon').toString('base64');
  if (flags.definition) body.definition = text(flags.definition, '--definition');
  if (flags.definitionUrl) body.definitionUrl = flags.definitionUrl;
  const sources = ['apiDefinition', 'definition', 'definitionUrl'].filter((k) => body[k] !== undefined);
  if (sources.length > 1)
    throw new CliError('give one of --api-def, --definition and --definition-url.', ServerExit.unusable);
  if (required && sources.length === 0) {
    throw new CliError(
      'give the connector with --api-def FILE [--api-prop FILE], --definition FILE or --definition-url URL.',
      ServerExit.unusable,
    );
  }
  if (!body.apiDefinition && (body.apiProperties || body.settings || body.icon)) {
    throw new CliError('--api-prop, --settings and --icon go with --api-def.', ServerExit.unusable);
  }
  return body;
}

/** The answers to the authentication questions, from --secret and --param key=value. */
function answersFrom(flags: PackageFlags): Record<string, unknown> {
  const pairs = parsePairs(flags.param ?? [], '--param');
  const answers: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pairs)) {
    if (!ANSWER_KEYS.includes(key)) {
      throw new CliError(
        `--param ${key}=… is not an authentication answer; use one of ${ANSWER_KEYS.join(', ')} (and --secret for the client secret).`,
        ServerExit.unusable,
      );
    }
    answers[key] = key === 'scopes' ? value.split(/[\s,]+/).filter(Boolean) : value;
  }
  if (flags.secret !== undefined) answers.clientSecret = flags.secret;
  return answers;
}

function unanswered(questions: Question[], answers: Record<string, unknown>): Question[] {
  return questions.filter((q) => q.required && q.default === undefined && answers[q.key] === undefined);
}

function describeQuestions(questions: Question[]): string {
  return questions
    .map((q) => `  ${q.key === 'clientSecret' ? '--secret S' : `--param ${q.key}=…`}  ${q.label}: ${q.description}`)
    .join('\n');
}

function summary(c: ConnectorView, verb: string): string[] {
  return [`${verb} connector ${c.name} (version ${c.version}, ${c.authType} authentication, id ${c.id}).`];
}

function packageOptions(command: Command): Command {
  return command
    .option('--api-def <file>', 'apiDefinition.swagger.json (or any OpenAPI document)')
    .option('--api-prop <file>', 'apiProperties.json')
    .option('--settings <file>', 'settings.json')
    .option('--icon <file>', 'icon.png')
    .option('--definition <file>', 'an OpenAPI document (2.0, 3.0, 3.1; JSON or YAML) to convert')
    .option('--definition-url <url>', 'a URL Portico fetches the OpenAPI document from')
    .option('--environment <env>', 'environment (default: PORTICO_ENVIRONMENT or "default")')
    .option('--secret <secret>', 'OAuth client secret (stored encrypted, never shown again)')
    .option(
      '--param <key=value>',
      'an authentication answer, e.g. clientId=…, tenantId=…, apiKeyLabel=… (repeatable)',
      collect,
    )
    .option('--display-name <name>', 'name shown in lists');
}

/** Registers `portico connector …`. */
export function registerConnector(program: Command, io: CommandIo): Command {
  const group = program.command('connector').description('custom connectors in a Portico environment');

  addClientOptions(
    packageOptions(
      group.command('create').description('create a custom connector from a package or an OpenAPI document'),
    ).option('--name <name>', 'connector name (default: derived from the title)'),
  ).action(async (flags: PackageFlags) => {
    const client = resolveClient(flags, io);
    const env = encodeURIComponent(environmentOf(flags, io.env));
    const body = sourceBody(io, flags, true);
    const answers = answersFrom(flags);
    const draft = await client.post<{
      draftId: string;
      suggestedName: string;
      auth: { type: string; questions: Question[] };
      redirectUrls: { register: string };
    }>(`/api/v1/environments/${env}/connectors/prepare`, { ...body, ...(flags.name ? { name: flags.name } : {}) });
    const missing = unanswered(draft.auth.questions, answers);
    if (missing.length > 0) {
      throw new CliError(
        `This connector uses ${draft.auth.type} authentication; answer these questions:\n${describeQuestions(missing)}\nRegister this redirect URL with the identity provider: ${draft.redirectUrls.register}`,
        ServerExit.refused,
      );
    }
    const created = await client.post<ConnectorView>(`/api/v1/environments/${env}/connectors`, {
      draftId: draft.draftId,
      name: flags.name ?? draft.suggestedName,
      ...(flags.displayName ? { displayName: flags.displayName } : {}),
      ...(Object.keys(answers).length > 0 ? { auth: answers } : {}),
    });
    printResult(io, flags, created, summary(created, 'Created'));
  });

  addClientOptions(
    packageOptions(
      group.command('update').description('store a new version of a custom connector (the old ones stay restorable)'),
    )
      .argument('[name]', 'connector name')
      .option('--name <name>', 'connector name (instead of the argument)'),
  ).action(async (nameArg: string | undefined, flags: PackageFlags) => {
    const name = nameArg ?? flags.name;
    if (!name)
      throw new CliError(
        'name the connector to update: portico connector update NAME --api-def FILE.',
        ServerExit.unusable,
      );
    const client = resolveClient(flags, io);
    const env = encodeURIComponent(environmentOf(flags, io.env));
    const body = sourceBody(io, flags, false);
    const answers = answersFrom(flags);
    const updated = await client.put<ConnectorView>(
      `/api/v1/environments/${env}/connectors/${encodeURIComponent(name)}`,
      {
        ...body,
        ...(flags.displayName ? { displayName: flags.displayName } : {}),
        ...(Object.keys(answers).length > 0 ? { auth: answers } : {}),
      },
    );
    printResult(io, flags, updated, summary(updated, 'Updated'));
  });

  addClientOptions(
    group
      .command('download')
      .description('write the paconn files of a connector (no secrets) into a folder')
      .argument('<name>', 'connector name')
      .requiredOption(
        '--out <dir>',
        'folder to write apiDefinition.swagger.json, apiProperties.json, settings.json (and icon.png)',
      )
      .option('--version <n>', 'a version number (default: the current one)')
      .option('--environment <env>', 'environment (default: PORTICO_ENVIRONMENT or "default")'),
  ).action(async (name: string, flags: ClientFlags & { out: string; version?: string; environment?: string }) => {
    const client = resolveClient(flags, io);
    const env = encodeURIComponent(environmentOf(flags, io.env));
    const base = `/api/v1/environments/${env}/connectors/${encodeURIComponent(name)}`;
    const connector = await client.get<ConnectorView>(base);
    const files = [
      'apiDefinition.swagger.json',
      'apiProperties.json',
      'settings.json',
      ...(connector.hasIcon ? ['icon.png'] : []),
    ];
    const out = path.resolve(io.cwd, flags.out);
    const written: string[] = [];
    const contents: Array<[string, Uint8Array]> = [];
    for (const file of files) {
      const res = await client.send('GET', `${base}/download`, { query: { file, version: flags.version } });
      contents.push([file, new Uint8Array(await res.arrayBuffer())]);
    }
    for (const [file, bytes] of contents) {
      writeFileAtomic(path.join(out, file), bytes);
      written.push(path.join(out, file));
    }
    printResult(io, flags, { id: connector.id, name: connector.name, files: written }, [
      `Wrote ${written.length} files of connector ${connector.name} to ${out}.`,
    ]);
  });

  addClientOptions(
    group
      .command('list')
      .description('list the built-in and custom connectors you can use')
      .option('--environment <env>', 'environment (default: PORTICO_ENVIRONMENT or "default")'),
  ).action(async (flags: ClientFlags & { environment?: string }) => {
    const client = resolveClient(flags, io);
    const env = encodeURIComponent(environmentOf(flags, io.env));
    const { items } = await client.get<{ items: ConnectorView[] }>(`/api/v1/environments/${env}/connectors`);
    const rows = [['NAME', 'KIND', 'AUTH', 'VERSION', 'DISPLAY NAME']];
    for (const c of items)
      rows.push([c.name, c.builtIn ? 'built-in' : 'custom', c.authType, String(c.version), c.displayName]);
    printResult(io, flags, { items }, items.length === 0 ? 'No connectors.' : table(rows));
  });

  addClientOptions(
    group
      .command('delete')
      .description('delete a custom connector (refused while connections use it, unless --force)')
      .argument('<name>', 'connector name')
      .option('--force', 'also delete the connections that use it')
      .option('--environment <env>', 'environment (default: PORTICO_ENVIRONMENT or "default")'),
  ).action(async (name: string, flags: ClientFlags & { force?: boolean; environment?: string }) => {
    const client = resolveClient(flags, io);
    const env = encodeURIComponent(environmentOf(flags, io.env));
    const base = `/api/v1/environments/${env}/connectors/${encodeURIComponent(name)}`;
    const connector = await client.get<ConnectorView>(base);
    await client.delete(base, flags.force ? { force: true } : undefined);
    printResult(
      io,
      flags,
      { id: connector.id, name: connector.name, deleted: true },
      `Deleted connector ${connector.name}.`,
    );
  });

  return group;
}
