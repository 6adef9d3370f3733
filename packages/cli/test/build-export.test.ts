import { describe, expect, it } from 'vitest';
import { buildExport } from '../src/commands/export.ts';
import { loadInput } from '../src/input/load.ts';
import type { CommandIo } from '../src/io.ts';
import { silentProgress } from '../src/output/progress.ts';
import { FIXTURES } from './helpers/fixtures.ts';

const io: CommandIo = {
  stdout: { write: () => true },
  stderr: { write: () => true },
  stdin: (async function* () {})(),
  env: {},
  cwd: FIXTURES,
  setExitCode: () => {},
};

describe('buildExport', () => {
  for (const options of [{}, { fix: true }, { fix: true, splitByTag: true }]) {
    it(`keepDocument leaves the loaded document as loaded, with the same packages ${JSON.stringify(options)}`, async () => {
      const fresh = await loadInput('petstore.yaml', io, silentProgress);
      const kept = await buildExport('petstore.yaml', { ...options, keepDocument: true }, io);
      expect(JSON.stringify(kept.loaded.resolved.document)).toBe(JSON.stringify(fresh.resolved.document));
      // By default the command hands the 3.x document over to the export, which converts it in place.
      const consumed = await buildExport('petstore.yaml', options, io);
      expect(JSON.stringify(consumed.loaded.resolved.document)).not.toBe(JSON.stringify(fresh.resolved.document));
      expect(consumed.result).toEqual(kept.result);
    });
  }
});
