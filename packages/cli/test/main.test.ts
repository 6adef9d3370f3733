import { describe, expect, it } from 'vitest';
import { buildProgram, CliError, type CommandRegistrar, runCli } from '../src/main.ts';
import { capture } from './helpers/io.ts';

const hello: CommandRegistrar = (program, io) => {
  program
    .command('hello')
    .option('--fail')
    .option('--throw <kind>')
    .action((options: { fail?: boolean; throw?: string }) => {
      if (options.throw === 'usage') throw new CliError('Give --name.', 2);
      if (options.throw === 'bug') throw new TypeError('cannot read properties of undefined');
      io.stdout.write('hello\n');
      if (options.fail) io.setExitCode(1);
    });
};

describe('program structure', () => {
  it('has the definition commands', () => {
    const program = buildProgram(capture());
    expect(program.commands.map((c) => c.name())).toEqual(['validate', 'convert', 'export', 'diff']);
  });

  it('runs extra commands registered by other parts of the CLI, with their exit codes', async () => {
    const io = capture();
    expect(await runCli(['hello'], io, { extraCommands: [hello] })).toBe(0);
    expect(io.out()).toBe('hello\n');
    expect(await runCli(['hello', '--fail'], capture(), { extraCommands: [hello] })).toBe(1);
  });

  it('prints a CliError thrown by an extra command as one line with its exit code', async () => {
    const io = capture();
    expect(await runCli(['hello', '--throw', 'usage'], io, { extraCommands: [hello] })).toBe(2);
    expect(io.err()).toBe('portico: Give --name.\n');
  });

  it('reports any other exception as a bug with exit 3', async () => {
    const io = capture();
    expect(await runCli(['hello', '--throw', 'bug'], io, { extraCommands: [hello] })).toBe(3);
    expect(io.err()).toContain('internal error');
  });

  it('writes help to stdout and exits 0', async () => {
    const io = capture();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out()).toContain('Usage: portico');
    expect(io.out()).toContain('export [options] <input>');
  });

  it('treats an unknown command as a usage error (exit 2) on stderr', async () => {
    const io = capture();
    expect(await runCli(['frobnicate'], io)).toBe(2);
    expect(io.err()).toContain("unknown command 'frobnicate'");
  });
});
