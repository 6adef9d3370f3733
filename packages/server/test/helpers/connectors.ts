/** Helpers for the connector and connection route tests: package texts, a pino capture, secret scanning. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { REPO_ROOT } from './process.ts';

/** The demo inventory package shipped as a built-in, as texts. */
export function demoPackageTexts(): { apiDefinition: string; apiProperties: string } {
  const dir = path.join(REPO_ROOT, 'connectors/portico-demo-inventory');
  return {
    apiDefinition: readFileSync(path.join(dir, 'apiDefinition.swagger.json'), 'utf8'),
    apiProperties: readFileSync(path.join(dir, 'apiProperties.json'), 'utf8'),
  };
}

/** A package from the Power Platform corpus, as texts. */
export function corpusPackageTexts(folder: string): { apiDefinition: string; apiProperties: string } {
  const dir = path.join(REPO_ROOT, '../shared/corpus/powerplatform/connectors', folder);
  return {
    apiDefinition: readFileSync(path.join(dir, 'apiDefinition.swagger.json'), 'utf8'),
    apiProperties: readFileSync(path.join(dir, 'apiProperties.json'), 'utf8'),
  };
}

/** A pino logger at trace level whose lines are kept in memory, to assert that secrets never reach the log. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, stream), lines };
}

/** Row counts of the tables a connector import writes, to check that a failed request wrote nothing. */
export async function connectorTableCounts(store: import('../../src/store/store.ts').Store) {
  const count = async (
    table: 'connectors' | 'connector_versions' | 'connections' | 'audit_log' | 'connector_shares',
  ) => {
    const row = await store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const drafts = await (store.db as unknown as import('kysely').Kysely<{ connector_drafts: { id: string } }>)
    .selectFrom('connector_drafts')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return {
    connectors: await count('connectors'),
    versions: await count('connector_versions'),
    connections: await count('connections'),
    shares: await count('connector_shares'),
    audit: await count('audit_log'),
    drafts: Number(drafts.n),
  };
}
