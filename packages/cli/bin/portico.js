#!/usr/bin/env node
// The `portico` command: registers tsx so the TypeScript sources run as they are (no build step), then runs main.ts.
import { register } from 'tsx/esm/api';

// `portico convert … | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

register();
const { run } = await import('../src/main.ts');
process.exitCode = await run(process.argv.slice(2));
