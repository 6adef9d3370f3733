/** The definition commands' flags; their work is loaded only when one runs, so --help and server commands start fast. */
import { type Command, Option } from 'commander';
import type { CommandIo } from '../io.ts';
import type { ConvertOptions } from './convert.ts';
import type { DiffOptions } from './diff.ts';
import type { ExportOptions } from './export.ts';
import { INPUT_HELP, withProgressOption } from './shared.ts';
import type { ValidateOptions } from './validate.ts';

/** `portico validate <input> [--profile openapi|powerplatform] [--json]`. */
export function registerValidate(program: Command, io: CommandIo): void {
  const command = program
    .command('validate')
    .description('check a definition against the OpenAPI specification (and the Power Platform rules)')
    .argument('<input>', INPUT_HELP)
    .addOption(
      new Option('--profile <profile>', 'rules to apply').choices(['openapi', 'powerplatform']).default('openapi'),
    )
    .option('--json', 'print { version, errors, warnings } as JSON on stdout');
  withProgressOption(command).action(async (input: string, options: ValidateOptions) => {
    const { runValidate } = await import('./validate.ts');
    await runValidate(input, options, io);
  });
}

/** `portico convert <input> --to 2.0|3.0|3.1 [--out file] [--json]`. */
export function registerConvert(program: Command, io: CommandIo): void {
  const command = program
    .command('convert')
    .description('convert a definition between Swagger 2.0, OpenAPI 3.0 and OpenAPI 3.1')
    .argument('<input>', INPUT_HELP)
    .addOption(new Option('--to <version>', 'target version').choices(['2.0', '3.0', '3.1']).makeOptionMandatory())
    .option('--out <file>', 'write to this file (YAML when it ends in .yaml or .yml) instead of stdout')
    .option('--json', 'print { from, to, out, losses, document? } as JSON on stdout');
  withProgressOption(command).action(async (input: string, options: ConvertOptions) => {
    const { runConvert } = await import('./convert.ts');
    await runConvert(input, options, io);
  });
}

/** `portico export <input> --out <dir> [--fix] [--split-by-tag] [--include-tags] [--include-operations] [--json]`. */
export function registerExport(program: Command, io: CommandIo): void {
  const command = program
    .command('export')
    .description('write a Power Platform custom-connector package (apiDefinition.swagger.json, apiProperties.json…)')
    .argument('<input>', INPUT_HELP)
    .requiredOption('--out <dir>', 'folder to write the package into (one sub-folder per package with --split-by-tag)')
    .option('--fix', 'apply the automatic fixes that make the package importable')
    .option('--split-by-tag', 'write one package per tag, each in its own folder below --out')
    .option('--include-tags <tags>', 'only operations with one of these tags (comma-separated)', list)
    .option('--include-operations <ids>', 'only these operationIds (comma-separated)', list)
    .option('--json', 'print a summary object as JSON on stdout');
  withProgressOption(command).action(async (input: string, options: ExportOptions) => {
    const { runExport } = await import('./export.ts');
    await runExport(input, options, io);
  });
}

/** `portico diff <old> <new> [--json]`: exit 1 when a change breaks existing clients. */
export function registerDiff(program: Command, io: CommandIo): void {
  const command = program
    .command('diff')
    .description('list what changed between two definitions and whether it breaks existing clients')
    .argument('<old>', 'the definition clients use today (same forms as <input>)')
    .argument('<new>', 'the definition that replaces it')
    .option('--json', 'print { changes, summary, comparedAs } as JSON on stdout');
  withProgressOption(command).action(async (oldInput: string, newInput: string, options: DiffOptions) => {
    const { runDiff } = await import('./diff.ts');
    await runDiff(oldInput, newInput, options, io);
  });
}

/** Collects a comma-separated option, also when it is given several times. */
function list(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}
