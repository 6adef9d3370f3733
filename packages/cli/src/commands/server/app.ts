/**
 * `portico app create | list | refresh | export`: the API side over the management API. Export is manual
 * (`--out DIR`: the package files written atomically) or express (`--environment ENV --connector NAME`).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../../errors.ts';
import type { CommandIo } from '../../io.ts';
import { writeFilesAtomic } from '../../output/atomic.ts';
import { addClientOptions, type ClientFlags, printResult, resolveClient, ServerExit, table } from './client.ts';

interface Counts {
  errors: number;
  warnings: number;
}

interface AppView {
  id: string;
  name: string;
  role?: string;
  source: { kind: string; url?: string };
  hosted: { json: string; yaml: string };
  fetch?: { error: string | null } | null;
  definition: { number: number; version?: string; openapi?: Counts; powerplatform?: Counts } | null;
  changed?: boolean;
  notModified?: boolean;
}

interface ExportReport {
  revision: { id: string; number: number };
  importable: boolean;
  packages: Array<{ name: string; files: string[]; importable: boolean }>;
}

const PACKAGE_FILES = ['apiDefinition.swagger.json', 'apiProperties.json', 'settings.json', 'report.json'];

function describeDefinition(app: AppView): string {
  const d = app.definition;
  if (!d) return 'no definition';
  const oa = d.openapi ? `${d.openapi.errors} errors, ${d.openapi.warnings} warnings` : '';
  const pp = d.powerplatform
    ? `; Power Platform: ${d.powerplatform.errors} errors, ${d.powerplatform.warnings} warnings`
    : '';
  return `revision ${d.number} (${d.version ?? '?'}): ${oa}${pp}`;
}

const appPath = (name: string) => `/api/v1/apps/${encodeURIComponent(name)}`;

/** Registers `portico app` and its subcommands. */
export function registerApp(program: Command, io: CommandIo): Command {
  const group = program.command('app').description('API apps: register, list, refresh and export their definitions');

  addClientOptions(
    group
      .command('create <name>')
      .description('register an API app from a definition URL (Portico fetches it) or a file')
      .option('--definition-url <url>', 'URL of the OpenAPI document')
      .option('--definition <file>', 'an OpenAPI file (JSON or YAML, any version) to upload')
      .option('--base-url <url>', 'where the API answers (used as the host of exported connectors)')
      .option('--display-name <text>', 'a friendly name'),
  ).action(
    async (
      name: string,
      flags: ClientFlags & { definitionUrl?: string; definition?: string; baseUrl?: string; displayName?: string },
    ) => {
      if ((flags.definitionUrl === undefined) === (flags.definition === undefined)) {
        throw new CliError('give exactly one of --definition-url URL or --definition FILE.', ServerExit.unusable);
      }
      const client = resolveClient(flags, io);
      const body: Record<string, unknown> = { name };
      if (flags.definitionUrl !== undefined) body.definitionUrl = flags.definitionUrl;
      if (flags.definition !== undefined) {
        const file = path.resolve(io.cwd, flags.definition);
        try {
          body.definition = await readFile(file, 'utf8');
        } catch (err) {
          throw new CliError(`cannot read ${flags.definition}: ${(err as Error).message}.`, ServerExit.unusable);
        }
        body.filename = path.basename(file);
      }
      if (flags.baseUrl !== undefined) body.baseUrl = flags.baseUrl;
      if (flags.displayName !== undefined) body.displayName = flags.displayName;
      const app = await client.post<AppView>('/api/v1/apps', body);
      printResult(io, flags, app, [
        `Created API app ${app.name} (${app.id}): ${describeDefinition(app)}.`,
        `Hosted at ${app.hosted.json}`,
      ]);
    },
  );

  addClientOptions(group.command('list').description('list the API apps where you have a role')).action(
    async (flags: ClientFlags) => {
      const client = resolveClient(flags, io);
      const { items } = await client.get<{ items: AppView[] }>('/api/v1/apps');
      const rows = [
        ['NAME', 'ROLE', 'SOURCE', 'DEFINITION'],
        ...items.map((a) => [
          a.name,
          a.role ?? '',
          a.source.kind === 'url' ? (a.source.url ?? 'url') : 'upload',
          describeDefinition(a) + (a.fetch?.error ? ` (last fetch failed: ${a.fetch.error})` : ''),
        ]),
      ];
      printResult(
        io,
        flags,
        { items },
        items.length === 0 ? 'No API apps yet; create one with `portico app create`.' : table(rows),
      );
    },
  );

  addClientOptions(
    group.command('refresh <name>').description('fetch the definition URL again; a new revision when it changed'),
  ).action(async (name: string, flags: ClientFlags) => {
    const client = resolveClient(flags, io);
    const app = await client.post<AppView>(`${appPath(name)}/refresh`);
    const what = app.changed
      ? `new ${describeDefinition(app)}`
      : `unchanged${app.notModified ? ' (304 Not Modified)' : ''}, ${describeDefinition(app)}`;
    printResult(io, flags, app, `${app.name}: ${what}.`);
  });

  addClientOptions(
    group
      .command('export <name>')
      .description(
        'export the connector package: manual with --out DIR, or express into an environment with --environment ENV --connector NAME',
      )
      .option('--out <dir>', 'write the package files into this folder (manual export)')
      .option('--environment <env>', 'create or update a custom connector in this environment (express export)')
      .option('--connector <name>', 'name of the connector to create or update (express; default: the app name)')
      .option('--no-fix', 'do not apply the automatic Power Platform fixes')
      .option('--split-by-tag', 'one package per tag, in one folder each (manual)')
      .option('--include-tags <tags>', 'comma-separated tags to keep')
      .option('--include-operations <ids>', 'comma-separated operationIds to keep')
      .option('--client-id <id>', 'OAuth client ID (express, OAuth connectors)')
      .option('--secret <secret>', 'OAuth client secret (express, OAuth connectors; stored encrypted)'),
  ).action(
    async (
      name: string,
      flags: ClientFlags & {
        out?: string;
        environment?: string;
        connector?: string;
        fix: boolean;
        splitByTag?: boolean;
        includeTags?: string;
        includeOperations?: string;
        clientId?: string;
        secret?: string;
      },
    ) => {
      if ((flags.out === undefined) === (flags.environment === undefined)) {
        throw new CliError(
          'give --out DIR (manual export) or --environment ENV (express export), and not both.',
          ServerExit.unusable,
        );
      }
      const client = resolveClient(flags, io);
      if (flags.environment !== undefined) {
        const body: Record<string, unknown> = { environment: flags.environment, fix: flags.fix };
        if (flags.connector) body.connectorName = flags.connector;
        if (flags.includeTags)
          body.includeTags = flags.includeTags
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
        if (flags.includeOperations)
          body.includeOperations = flags.includeOperations
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
        const auth: Record<string, string> = {};
        if (flags.clientId) auth.clientId = flags.clientId;
        if (flags.secret) auth.clientSecret = flags.secret;
        if (Object.keys(auth).length > 0) body.auth = auth;
        const result = await client.post<{
          id: string;
          name: string;
          created: boolean;
          version: number;
          environment: string;
          redirectUrl?: string;
        }>(`${appPath(name)}/export`, body);
        const lines = [
          `${result.created ? 'Created' : 'Updated'} connector ${result.name} (${result.id}) in environment ${result.environment}, version ${result.version}.`,
        ];
        if (result.redirectUrl)
          lines.push(`Register this OAuth redirect URL with the identity provider: ${result.redirectUrl}`);
        printResult(io, flags, result, lines);
        return;
      }
      const query = {
        fix: flags.fix,
        splitByTag: flags.splitByTag === true,
        includeTags: flags.includeTags,
        includeOperations: flags.includeOperations,
      };
      const report = await client.get<ExportReport>(`${appPath(name)}/export/report`, query);
      if (!report.importable) {
        throw new CliError(
          `The definition of ${name} cannot be made into an importable connector; see GET ${appPath(name)}/export/report for the errors, fix the definition and refresh it.`,
          ServerExit.refused,
        );
      }
      const app = await client.get<AppView>(appPath(name));
      const out = path.resolve(io.cwd, flags.out as string);
      const single = report.packages.length === 1;
      const files: Array<{ path: string; content: string }> = [];
      for (const pkg of report.packages) {
        for (const file of PACKAGE_FILES.filter((f) => pkg.files.includes(f))) {
          const res = await client.send('GET', `${appPath(name)}/export/files/${file}`, {
            query: { ...query, package: pkg.name },
          });
          files.push({
            path: single ? path.join(out, file) : path.join(out, pkg.name, file),
            content: await res.text(),
          });
        }
      }
      await writeFilesAtomic(files);
      const written = files.map((f) => path.relative(io.cwd, f.path) || f.path);
      printResult(
        io,
        flags,
        { id: app.id, name: app.name, revision: report.revision, importable: report.importable, out, files: written },
        [`Exported ${name} (revision ${report.revision.number}) to ${out}:`, ...written.map((w) => `  ${w}`)],
      );
    },
  );
  return group;
}
