/**
 * Every `{name}` in a path is declared as an `in: path` parameter (on the path item or the operation), and
 * every declared path parameter appears in the path.
 */
import { eachOperation } from '../../walk.ts';
import { effectiveParameters, operationLabel, pathTemplates } from '../helpers.ts';
import type { Rule } from '../rule.ts';

export const pathParamsDefined: Rule = {
  id: 'path-params-defined',
  description: 'Path templates and in: path parameters match one to one.',
  check({ document, report }) {
    for (const op of eachOperation(document)) {
      const templates = new Set(pathTemplates(op.path));
      const declared = new Set<string>();
      for (const p of effectiveParameters(document, op)) {
        if (p.parameter.in !== 'path' || typeof p.parameter.name !== 'string') continue;
        declared.add(p.parameter.name);
        if (!templates.has(p.parameter.name)) {
          report({
            message: `Path parameter "${p.parameter.name}" of ${operationLabel(op)} does not appear in the path.`,
            pointer: p.pointer,
            fix: `Add "{${p.parameter.name}}" to the path, or change the parameter's "in".`,
          });
        }
      }
      for (const name of templates) {
        if (declared.has(name)) continue;
        report({
          message: `${operationLabel(op)} has "{${name}}" in its path but no "in: path" parameter named "${name}".`,
          pointer: op.pointer,
          fix: `Declare a parameter { "name": "${name}", "in": "path", "required": true } on the operation or path item.`,
        });
      }
    }
  },
};
