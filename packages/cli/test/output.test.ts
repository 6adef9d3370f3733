import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../src/core.ts';
import { CliError, LoaderError } from '../src/errors.ts';
import { writeFilesAtomic } from '../src/output/atomic.ts';
import { reportFailure } from '../src/output/failure.ts';
import { formatFindings, summarize, toValidateReport } from '../src/output/findings.ts';
import { formatLosses } from '../src/output/losses.ts';
import { createProgress } from '../src/output/progress.ts';
import { isYamlPath, serializeDocument } from '../src/output/serialize.ts';
import { capture } from './helpers/io.ts';

const findings: Finding[] = [
  { rule: 'b-rule', severity: 'warning', pointer: '/info', message: 'Add a description.' },
  {
    rule: 'a-rule',
    severity: 'error',
    pointer: '/paths/~1pets/get',
    message: 'Duplicate operationId "list".',
    line: 12,
    column: 7,
    fix: 'Rename one of the two operations.',
  },
  { rule: 'c-rule', severity: 'error', pointer: '/paths', message: 'Second.', line: 3, column: 1 },
  { rule: 'd-rule', severity: 'info', pointer: '', message: 'A note.', source: 'common.yaml' },
];

describe('finding output', () => {
  it('prints the validate report with exactly version, errors and warnings, errors sorted by position', () => {
    const report = toValidateReport('3.0.3', findings);
    expect(Object.keys(report)).toEqual(['version', 'errors', 'warnings']);
    expect(report.version).toBe('3.0.3');
    expect(report.errors.map((f) => f.rule)).toEqual(['c-rule', 'a-rule']);
    expect(report.errors[1]).toEqual({
      rule: 'a-rule',
      severity: 'error',
      pointer: '/paths/~1pets/get',
      message: 'Duplicate operationId "list".',
      line: 12,
      column: 7,
      fix: 'Rename one of the two operations.',
    });
    expect(Object.keys(report.warnings[0]!)).toEqual(['rule', 'severity', 'pointer', 'message']);
    expect(report.warnings.map((f) => f.severity)).toEqual(['warning', 'info']);
  });

  it('groups findings by severity with file:line:column, rule, message, pointer and fix', () => {
    const text = formatFindings(findings, 'api.yaml');
    expect(text).toBe(
      [
        'Errors (2):',
        '  api.yaml:3:1  error  c-rule  Second.  (/paths)',
        '  api.yaml:12:7  error  a-rule  Duplicate operationId "list".  (/paths/~1pets/get)',
        '      fix: Rename one of the two operations.',
        '',
        'Warnings (1):',
        '  api.yaml  warning  b-rule  Add a description.  (/info)',
        '',
        'Notes (1):',
        '  common.yaml  info  d-rule  A note.  (/)',
        '',
      ].join('\n'),
    );
  });

  it('summarises counts in words', () => {
    expect(summarize(findings)).toBe('2 errors, 1 warning, 1 note');
    expect(summarize([])).toBe('no problems');
  });
});

describe('atomic writing', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portico-cli-atomic-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes every file and leaves no temporary file behind', async () => {
    await writeFilesAtomic([
      { path: join(dir, 'ok', 'a.json'), content: '{"a":1}' },
      { path: join(dir, 'ok', 'sub', 'b.json'), content: '{"b":2}' },
    ]);
    expect(await readFile(join(dir, 'ok', 'a.json'), 'utf8')).toBe('{"a":1}');
    expect(await readFile(join(dir, 'ok', 'sub', 'b.json'), 'utf8')).toBe('{"b":2}');
    expect((await readdir(join(dir, 'ok'))).sort()).toEqual(['a.json', 'sub']);
  });

  it('keeps the old files and removes the temporaries when one write fails', async () => {
    await writeFile(join(dir, 'old.json'), 'old');
    await writeFile(join(dir, 'blocker'), 'a file where a folder is needed');
    const failure = writeFilesAtomic([
      { path: join(dir, 'old.json'), content: 'new' },
      { path: join(dir, 'blocker', 'c.json'), content: 'never' },
    ]);
    await expect(failure).rejects.toThrow(/Cannot write .*blocker.*: a file is in the way where a folder is needed/);
    await expect(failure).rejects.toBeInstanceOf(CliError);
    expect(await readFile(join(dir, 'old.json'), 'utf8')).toBe('old');
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('progress', () => {
  it('prints one line per stage when asked and stderr is not a terminal', () => {
    const io = capture();
    let t = 0;
    const progress = createProgress(io.stderr, true, () => (t += 500));
    progress.stage('loading', 'api.yaml');
    progress.stage('parsing');
    progress.done();
    expect(io.err()).toBe('portico: loading api.yaml… (0.5 s)\nportico: parsing… (1.0 s)\nportico: done (1.5 s)\n');
  });

  it('redraws a single line on a terminal and clears it at the end', () => {
    const io = capture({ tty: true });
    const progress = createProgress(io.stderr, true, () => 0);
    progress.stage('resolving');
    progress.done();
    expect(io.err()).toBe('\r\x1b[Kportico: resolving… (0.0 s)\r\x1b[K');
  });

  it('stays silent when not enabled', () => {
    const io = capture();
    const progress = createProgress(io.stderr, false);
    progress.stage('loading');
    progress.done();
    expect(io.err()).toBe('');
  });
});

describe('failure reporting', () => {
  class DefinitionError extends Error {
    override name = 'DefinitionError';
    constructor(
      message: string,
      readonly uri: string,
      readonly line?: number,
      readonly column?: number,
    ) {
      super(message);
    }
  }

  it('prints a bad-input error as one paragraph with the file shown as typed, and exits 2', () => {
    const io = capture({ cwd: '/home/me' });
    const error = new DefinitionError(
      'file:///home/me/api.yaml:3:7: unexpected end of the stream; close the quote.',
      'file:///home/me/api.yaml',
      3,
      7,
    );
    expect(reportFailure(error, io)).toBe(2);
    expect(io.err()).toBe('portico: api.yaml:3:7: unexpected end of the stream; close the quote.\n');
  });

  it('adds the position when the message does not name the file', () => {
    const io = capture({ cwd: '/home/me' });
    expect(reportFailure(new DefinitionError('Duplicate key "a".', 'file:///home/me/x.json', 2, 3), io)).toBe(2);
    expect(io.err()).toBe('portico: x.json:2:3: Duplicate key "a".\n');
  });

  it('prints loader and usage errors as they are, with exit 2', () => {
    const io = capture();
    expect(reportFailure(new LoaderError('file:///x', 'File not found: /x.', 'not-found'), io)).toBe(2);
    expect(reportFailure(new CliError('Bad flag.'), io)).toBe(2);
    expect(io.err()).toBe('portico: File not found: /x.\nportico: Bad flag.\n');
  });

  it('reports a bug briefly and asks for a report, with the stack only under PORTICO_DEBUG=1', () => {
    const quiet = capture();
    expect(reportFailure(new TypeError('x is undefined'), quiet)).toBe(3);
    expect(quiet.err()).toContain('internal error: x is undefined');
    expect(quiet.err()).toContain('please report');
    expect(quiet.err()).not.toContain('    at ');
    const debug = capture({ env: { PORTICO_DEBUG: '1' } });
    reportFailure(new TypeError('x is undefined'), debug);
    expect(debug.err()).toContain('    at ');
  });
});

describe('serialisation', () => {
  it('writes YAML for .yaml and .yml targets and JSON otherwise', () => {
    expect(isYamlPath('out/api.YML')).toBe(true);
    expect(isYamlPath('out/api.json')).toBe(false);
    expect(serializeDocument({ swagger: '2.0', info: { title: 't' } }, 'yaml')).toBe(
      'swagger: "2.0"\ninfo:\n  title: t\n',
    );
    expect(serializeDocument({ a: [1] }, 'json')).toBe('{\n  "a": [\n    1\n  ]\n}\n');
  });
});

describe('progress updates', () => {
  it('redraws the detail of the current stage on a terminal only', () => {
    const tty = capture({ tty: true });
    const onTty = createProgress(tty.stderr, true, () => 0);
    onTty.stage('exporting');
    onTty.update('3/47');
    expect(tty.err()).toBe('\r\x1b[Kportico: exporting… (0.0 s)\r\x1b[Kportico: exporting 3/47… (0.0 s)');
    const plain = capture();
    const onPipe = createProgress(plain.stderr, true, () => 0);
    onPipe.stage('exporting');
    onPipe.update('3/47');
    expect(plain.err()).toBe('portico: exporting… (0.0 s)\n');
  });
});

describe('loss output', () => {
  const loss = (kind: string, i: number) => ({
    kind,
    pointer: `/components/schemas/S${i}`,
    message: `${kind} ${i}.`,
    action: 'kept as x-',
  });

  it('lists each loss when there are few', () => {
    expect(formatLosses([loss('oneOf', 1)], 'Lost')).toBe(
      'Lost (1):\n  /components/schemas/S1  oneOf  oneOf 1.  → kept as x-\n',
    );
  });

  it('summarises many losses by kind, the most frequent first', () => {
    const many = [
      ...Array.from({ length: 3 }, (_, i) => loss('oneOf', i)),
      ...Array.from({ length: 5 }, (_, i) => loss('nullable', i)),
    ];
    expect(formatLosses(many, 'Lost', 4)).toBe(
      [
        'Lost (8):',
        '  nullable ×5  e.g. /components/schemas/S0: nullable 0.  → kept as x-',
        '  oneOf ×3  e.g. /components/schemas/S0: oneOf 0.  → kept as x-',
        '  (run with --json for the full list)',
        '',
      ].join('\n'),
    );
  });
});

describe('failure on a terminal', () => {
  it('clears an interrupted progress line before the message', () => {
    const io = capture({ tty: true });
    reportFailure(new CliError('Bad flag.'), io);
    expect(io.err()).toBe('\r\x1b[Kportico: Bad flag.\n');
  });
});
