/** Paths of the CLI's test fixtures. */
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Absolute path of a fixture file or folder. */
export function fixture(name: string): string {
  return `${FIXTURES}${name}`;
}
