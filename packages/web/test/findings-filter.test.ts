/** The findings list's filter: severity and a case-insensitive search over message, rule, pointer, fix and check. */
import { describe, expect, it } from 'vitest';
import { filterFindings, type LabelledFinding, searchWords, severityOf } from '../src/components/findings-filter.ts';

const findings: LabelledFinding[] = [
  {
    severity: 'error',
    rule: 'oas-path-params',
    message: 'Path parameter id is not declared.',
    pointer: '/paths/~1a~1{id}',
  },
  {
    severity: 'warning',
    rule: 'pp-operation-summary',
    message: 'GET /op17 has no summary.',
    pointer: '/paths/~1op17/get',
    fix: 'Add a summary',
    profile: 'Power Platform',
  },
  {
    severity: 'warning',
    rule: 'pp-operation-summary',
    message: 'GET /op18 has no summary.',
    pointer: '/paths/~1op18/get',
  },
  { severity: 'info', rule: 'pp-connection-parameters', message: 'Replace the client id.', profile: 'Power Platform' },
];

describe('filterFindings', () => {
  it('keeps every finding with no severity and a blank search', () => {
    expect(filterFindings(findings, { severity: 'all', query: '  ' })).toEqual(findings);
  });

  it('keeps only the chosen severity', () => {
    expect(filterFindings(findings, { severity: 'warning', query: '' }).map((f) => f.pointer)).toEqual([
      '/paths/~1op17/get',
      '/paths/~1op18/get',
    ]);
  });

  it('matches every searched word in message, rule, pointer, fix or check, ignoring case', () => {
    expect(filterFindings(findings, { severity: 'all', query: 'OP17' })).toEqual([findings[1]]);
    expect(filterFindings(findings, { severity: 'all', query: 'power summary' })).toEqual([findings[1]]);
    expect(filterFindings(findings, { severity: 'all', query: 'add a summary' })).toEqual([findings[1]]);
    expect(filterFindings(findings, { severity: 'error', query: 'summary' })).toEqual([]);
  });

  it('counts a finding without a known severity as information', () => {
    expect(severityOf({ message: 'x' })).toBe('info');
    expect(searchWords('  Path   ID ')).toEqual(['path', 'id']);
  });
});
