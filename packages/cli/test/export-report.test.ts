import { describe, expect, it } from 'vitest';
import { type ExportSummary, formatExport, formatFixes } from '../src/commands/export-report.ts';

const fix = (rule: string, i: number) => ({ rule, pointer: `/paths/~1p${i}`, message: `Fixed ${i}.` });

const summary: ExportSummary = {
  version: '3.0.3',
  out: '/work/out',
  importable: true,
  packages: [
    {
      name: 'pets',
      folder: 'pets',
      importable: true,
      operations: 2,
      files: ['apiDefinition.swagger.json', 'apiProperties.json', 'settings.json', 'report.json'],
      fixes: [fix('pp-parameter-summary', 1)],
      losses: [
        { kind: 'oneOf', pointer: '/components/schemas/A/oneOf', message: 'No oneOf.', action: 'kept as x-oneOf' },
      ],
    },
  ],
  written: [],
  errors: [],
  warnings: [{ rule: 'pp-info-description', severity: 'warning', pointer: '/info', message: 'Short.' }],
};

describe('export report', () => {
  it('lists the packages written, the fixes made, the losses and the warning count', () => {
    expect(formatExport(summary, 'api.yaml', '/work', true)).toBe(
      [
        'Exported api.yaml (3.0.3) as 1 connector package in out:',
        '  pets/: apiDefinition.swagger.json, apiProperties.json, settings.json, report.json',
        '',
        'Fixes made (1):',
        '  /paths/~1p1  pp-parameter-summary  Fixed 1.',
        '',
        'Not representable in Swagger 2.0 (1):',
        '  /components/schemas/A/oneOf  oneOf  No oneOf.  → kept as x-oneOf',
        '',
        '1 warning (listed in report.json).',
        '',
      ].join('\n'),
    );
  });

  it('says nothing was written, why, and suggests --fix when the input is not importable', () => {
    const failed: ExportSummary = {
      ...summary,
      importable: false,
      errors: [{ rule: 'pp-host', severity: 'error', pointer: '/host', message: 'No host.', line: 3, column: 1 }],
    };
    const text = formatExport(failed, 'api.yaml', '/work', false);
    expect(text).toContain('api.yaml cannot be exported as an importable connector; nothing was written to out.');
    expect(text).toContain('  api.yaml:3:1  error  pp-host  No host.  (/host)');
    expect(text).toContain('Run again with --fix');
    expect(formatExport(failed, 'api.yaml', '/work', true)).not.toContain('--fix');
  });

  it('summarises many fixes by rule', () => {
    const fixes = [
      ...Array.from({ length: 3 }, (_, i) => fix('a', i)),
      ...Array.from({ length: 4 }, (_, i) => fix('b', i)),
    ];
    expect(formatFixes(fixes, 5)).toBe(
      [
        'Fixes made (7):',
        '  b ×4  e.g. /paths/~1p0: Fixed 0.',
        '  a ×3  e.g. /paths/~1p0: Fixed 0.',
        '  (each fix is listed in report.json)',
        '',
      ].join('\n'),
    );
  });
});
