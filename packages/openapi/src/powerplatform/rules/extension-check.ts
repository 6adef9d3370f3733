/** Shared body of the x-ms-* shape rules: report each listed extension whose value has the wrong shape. */
import type { RuleContext } from '../../validate/rule.ts';
import { documentFacts } from '../util/facts.ts';
import { MS_EXTENSION_SHAPES } from '../util/ms-shapes.ts';

/** Reports the extensions named in `names` (or every known one not in `exclude`) whose shape is wrong. */
export function checkExtensionShapes(context: RuleContext, select: (name: string) => boolean): void {
  for (const ext of documentFacts(context.document).extensions) {
    if (!select(ext.name)) continue;
    const check = MS_EXTENSION_SHAPES[ext.name];
    const problem = check?.(ext);
    if (problem === undefined) continue;
    context.report({
      message: `${ext.name} ${problem}.`,
      pointer: ext.pointer,
      fix: `Correct the ${ext.name} value to the shape Power Platform documents (see apiDefinition.swagger.schema.json).`,
    });
  }
}
