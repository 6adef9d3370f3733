/**
 * Every package the lockfile installs accepts the oldest Node.js the project supports (package.json
 * `engines.node`, ">=20.19"). A dependency that declares a newer Node may still load today and break on the
 * next patch of it; when one slips in (cookie 2, through Fastify, declares Node 22), pin an older release with
 * an `overrides` entry in package.json, as is done for cookie.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: unknown }>;
};

/** The oldest Node.js release the project's own `engines.node` admits. */
const oldest = semver.minVersion(manifest.engines.node)?.version;

describe('dependency engines', () => {
  it('the project names the oldest Node.js it supports', () => {
    expect(oldest).toBe('20.19.0');
  });

  it('every package in package-lock.json accepts that Node.js', () => {
    const refused: string[] = [];
    for (const [where, entry] of Object.entries(lock.packages)) {
      const engines = entry.engines;
      // Some old packages list engines as an array of strings: npm ignores that form.
      if (!engines || typeof engines !== 'object' || Array.isArray(engines)) continue;
      const range = (engines as { node?: unknown }).node;
      if (typeof range !== 'string') continue;
      if (!semver.validRange(range) || !semver.satisfies(oldest as string, range))
        refused.push(`${where}@${entry.version ?? '?'} needs node ${range}`);
    }
    expect(refused).toEqual([]);
  });
});
