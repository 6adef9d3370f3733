/**
 * Built-in connectors: the packages under the repository's `connectors/` folder, loaded once at start through
 * the same import path as uploads and stored as read-only connectors visible in every environment (stored,
 * not only held in memory, so connections to them can reference them like any other connector).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyBaseLogger } from 'fastify';
import { PorticoError } from '../errors.ts';
import { NAME_PATTERN } from '../schemas.ts';
import { addConnectorVersion, createConnector, getBuiltInConnector, getConnectorVersion } from '../store/connectors.ts';
import type { Store } from '../store/store.ts';
import { isUniqueViolation } from '../store/util.ts';
import { preparePackage } from './source.ts';
import type { PreparedPackage } from './types.ts';

/** The repository's `connectors/` folder, found relative to this file. */
export const DEFAULT_CONNECTORS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../connectors',
);

/** What happened to each package folder at start. */
export interface BuiltInReport {
  /** Newly stored. */
  created: string[];
  /** A changed package: a new version was stored. */
  updated: string[];
  unchanged: string[];
  failed: Array<{ name: string; message: string }>;
}

function readText(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** Prepared packages by folder, with the file times they were read at: many apps in one process (tests) read once. */
const cache = new Map<string, { stamp: string; pkg: Promise<PreparedPackage> }>();

function stampOf(folder: string): string {
  return ['apiDefinition.swagger.json', 'apiProperties.json', 'settings.json', 'icon.png']
    .map((f) => path.join(folder, f))
    .map((f) => (existsSync(f) ? `${statSync(f).mtimeMs}:${statSync(f).size}` : '-'))
    .join('|');
}

/** Reads one package folder into a prepared package (fails like an upload would); cached while the files are unchanged. */
export function readBuiltInPackage(folder: string): Promise<PreparedPackage> {
  const stamp = stampOf(folder);
  const hit = cache.get(folder);
  if (hit && hit.stamp === stamp) return hit.pkg.then((pkg) => structuredClone(pkg));
  const pkg = readPackageFolder(folder);
  cache.set(folder, { stamp, pkg });
  pkg.catch(() => cache.delete(folder));
  return pkg.then((p) => structuredClone(p));
}

async function readPackageFolder(folder: string): Promise<PreparedPackage> {
  const icon = path.join(folder, 'icon.png');
  return preparePackage(
    {
      apiDefinition: readFileSync(path.join(folder, 'apiDefinition.swagger.json'), 'utf8'),
      apiProperties: readText(path.join(folder, 'apiProperties.json')),
      settings: readText(path.join(folder, 'settings.json')),
      ...(existsSync(icon) ? { icon: readFileSync(icon).toString('base64') } : {}),
    },
    { allowHosts: [] },
  );
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Loads every package folder of `dir` into the store; a package that does not import is reported and skipped. */
export async function loadBuiltInConnectors(
  store: Store,
  dir: string,
  log?: FastifyBaseLogger,
): Promise<BuiltInReport> {
  const report: BuiltInReport = { created: [], updated: [], unchanged: [], failed: [] };
  if (!existsSync(dir)) {
    log?.warn({ dir }, 'the built-in connectors folder does not exist; no built-in connectors are loaded');
    return report;
  }
  const folders = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'apiDefinition.swagger.json')))
    .map((d) => d.name)
    .sort();
  for (const name of folders) {
    try {
      if (!new RegExp(NAME_PATTERN).test(name))
        throw new Error(`the folder name "${name}" is not a valid connector name (kebab-case)`);
      const pkg = await readBuiltInPackage(path.join(dir, name));
      const outcome = await store.transaction(async (trx) => {
        const existing = await getBuiltInConnector(trx, name);
        const version = {
          definition: pkg.definition,
          properties: pkg.properties,
          settings: pkg.settings,
          icon: pkg.icon,
          report: pkg.report,
          createdBy: null,
        };
        if (!existing) {
          const info = pkg.definition.info as { title?: unknown } | undefined;
          const made = await createConnector(trx, {
            environmentId: null,
            name,
            displayName: typeof info?.title === 'string' ? info.title : name,
            builtIn: true,
            createdBy: null,
            version,
          });
          return made.ok ? 'created' : 'unchanged';
        }
        const current = await getConnectorVersion(trx, existing.id);
        if (
          current &&
          same(current.definition, pkg.definition) &&
          same(current.properties, pkg.properties) &&
          same(current.settings, pkg.settings) &&
          same(current.icon, pkg.icon)
        ) {
          return 'unchanged';
        }
        await addConnectorVersion(trx, existing.id, version);
        return 'updated';
      });
      report[outcome].push(name);
    } catch (err) {
      // Another node storing the same package at the same moment is not a failure.
      if (isUniqueViolation(err)) {
        report.unchanged.push(name);
        continue;
      }
      const message = err instanceof PorticoError || err instanceof Error ? err.message : String(err);
      report.failed.push({ name, message });
      log?.error(
        { connector: name, details: err instanceof PorticoError ? err.details : undefined },
        `built-in connector "${name}" was not loaded: ${message}`,
      );
    }
  }
  return report;
}
