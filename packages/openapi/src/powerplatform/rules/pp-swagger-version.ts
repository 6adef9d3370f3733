/** pp-swagger-version: Power Platform imports Swagger 2.0 only. */
import type { Rule } from '../../validate/rule.ts';

export const ppSwaggerVersion: Rule = {
  id: 'pp-swagger-version',
  description: 'The definition must be Swagger 2.0 (`swagger: "2.0"`); Power Platform does not import OpenAPI 3.x.',
  check({ document, report }) {
    if (document.swagger === '2.0') return;
    const found =
      typeof document.openapi === 'string' ? `OpenAPI ${document.openapi}` : 'a document without `swagger: "2.0"`';
    report({
      message: `Power Platform imports only Swagger 2.0 definitions; this is ${found}.`,
      pointer: 'swagger' in document ? '/swagger' : '',
      fix: 'Convert the definition to Swagger 2.0 (`portico convert --to 2.0`; `portico export` converts automatically).',
    });
  },
};
