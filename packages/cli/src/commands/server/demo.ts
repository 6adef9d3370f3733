/**
 * `portico demo`: `portico serve` (same flags, SQLite under --data by default) plus the demo inventory API served by
 * this process and registered as the API app `demo-inventory`, a demo administrator and maker, and a banner with the
 * URLs, the credentials (shown once, on the terminal only) and the commands to try next.
 */
import { DEMO_API_HOST, DEMO_APP_NAME, type DemoMode, type RunningServer, startDemoMode } from '@portico/server';
import type { Command } from 'commander';
import { CliError } from '../../errors.ts';
import type { CommandIo } from '../../io.ts';
import { ServerExit } from './client.ts';
import { runServe, type ServeFlags, type ServeHooks } from './serve.ts';
import { addDatabaseOptions } from './server-flags.ts';

export interface DemoFlags extends ServeFlags {
  demoPort?: string;
}

function parseDemoPort(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    throw new CliError(`--demo-port must be a port number from 0 to 65535, got "${raw}".`, ServerExit.unusable);
  }
  return port;
}

/** The text printed once the demo runs: where everything is, the credentials, and what to try. */
export function demoBanner(publicUrl: string, demo: DemoMode): string {
  const { seed, api } = demo;
  const pkg = './demo-pkg';
  const lines = [
    '',
    'Portico demo is ready.',
    '',
    `  Portal:          ${publicUrl}/`,
    `  Management API:  ${publicUrl}/api/v1  (its OpenAPI document: ${publicUrl}/api/v1/openapi.json)`,
    '',
    'Demo users (new passwords at every start of the demo; shown only here):',
    `  administrator  ${seed.admin.email}  password: ${seed.admin.password}`,
    `  maker          ${seed.maker.email}  password: ${seed.maker.password}`,
    '',
    'CLI access as the administrator (a new token at every start; shown only here):',
    `  export PORTICO_URL=${publicUrl} PORTICO_TOKEN=${seed.token}`,
    '',
    'Demo API (an inventory API with API-key authentication, served by this process):',
    `  URL:             ${api.url}  (its OpenAPI 3.0 document: ${api.url}/openapi.json)`,
    `  API key:         ${api.apiKey}  (sent in the X-API-Key header)`,
    `  API app:         ${seed.app.name}, revision ${seed.revision}${seed.appCreated ? ' (registered now)' : ''}`,
    `  Hosted at:       ${publicUrl}/apps/${encodeURIComponent(seed.app.name)}/definition.json`,
    '',
    'Try next, in another terminal after the export line above (`npx portico` in the repository works too):',
    '  portico app list',
    `  portico app export ${DEMO_APP_NAME} --out ${pkg}`,
    `  portico connector create --api-def ${pkg}/apiDefinition.swagger.json --api-prop ${pkg}/apiProperties.json --name ${DEMO_APP_NAME}`,
    `  portico connection create --connector ${DEMO_APP_NAME} --param api_key=${api.apiKey}`,
    '  portico connection test <the connection id printed above>',
    `  portico invoke --connection <that id> ListItems --input '{"pageSize": 3}'`,
    '',
    'Press Ctrl-C to stop.',
    '',
  ];
  return lines.join('\n');
}

/**
 * Runs `portico demo` until stopped: the server as `portico serve` runs it, with the demo API's loopback host added
 * to the gateway allow-list of this server's configuration (the process environment is left alone).
 */
export async function runDemo(io: CommandIo, flags: DemoFlags, hooks: Pick<ServeHooks, 'stopSignal'> = {}) {
  const demoPort = parseDemoPort(flags.demoPort);
  const allowHosts = [io.env.PORTICO_GATEWAY_ALLOW_HOSTS, DEMO_API_HOST].filter(Boolean).join(',');
  let demo: DemoMode | undefined;
  try {
    await runServe({ ...io, env: { ...io.env, PORTICO_GATEWAY_ALLOW_HOSTS: allowHosts } }, flags, {
      ...hooks,
      beforeListen: async (app) => {
        // `--port 0` asks for free ports: the demo API takes one too, unless --demo-port says otherwise.
        demo = await startDemoMode(app, { port: demoPort ?? (app.config.port === 0 ? 0 : undefined) });
      },
      onStarted: (server: RunningServer) => {
        if (demo) io.stdout.write(demoBanner(server.app.config.publicUrl, demo));
      },
    });
  } finally {
    await demo?.close();
  }
}

/** Registers `portico demo`. */
export function registerDemo(program: Command, io: CommandIo): Command {
  return addDatabaseOptions(
    program
      .command('demo')
      .description(
        'run Portico (like `portico serve`) with a demo API registered, demo users, and a CLI token; prints them all',
      )
      .option('--port <n>', 'TCP port (default: PORTICO_PORT or 8080; 0 = any free port)')
      .option('--host <host>', 'interface to listen on (default: PORTICO_HOST or 127.0.0.1)')
      .option('--public-url <url>', 'URL users reach Portico at (default: PORTICO_PUBLIC_URL or the listen address)')
      .option(
        '--demo-port <n>',
        'port of the demo API on 127.0.0.1 (default: 4010, or any free port if taken or with --port 0)',
      ),
  ).action(async (flags: DemoFlags) => runDemo(io, flags));
}
