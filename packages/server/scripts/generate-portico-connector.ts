/**
 * Regenerates `connectors/portico/` (Portico's own management API as a built-in connector) from the
 * routes' OpenAPI document. Run with `npm run generate:connector` after adding or changing a route.
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.ts';
import { testConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { porticoConnectorFiles } from '../src/self-connector.ts';
import { openStore } from '../src/store/store.ts';

const target = fileURLToPath(new URL('../../../connectors/portico/', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-generate-'));
const config = testConfig({ dataDir, database: { dialect: 'sqlite', file: ':memory:' } });
const store = openStore(config.database);
const app = await buildApp({ config, store, logger: createLogger('silent') });
try {
  const files = await porticoConnectorFiles(app);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(target, name);
    writeFileSync(`${file}.tmp`, content);
    renameSync(`${file}.tmp`, file);
  }
  process.stdout.write(`Wrote ${Object.keys(files).join(', ')} to ${path.relative(process.cwd(), target)}\n`);
} finally {
  await app.close();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
