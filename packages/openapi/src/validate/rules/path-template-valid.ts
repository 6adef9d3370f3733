/** Path templates are well formed: balanced braces, no empty `{}`, no name used twice in one path. */
import { childPointer, isObject } from '../../pointer.ts';
import type { Rule } from '../rule.ts';

export const pathTemplateValid: Rule = {
  id: 'path-template-valid',
  description: 'Path templates have balanced braces, a name, and distinct names.',
  check({ document, report }) {
    const paths = document.paths;
    if (!isObject(paths)) return;
    for (const path of Object.keys(paths)) {
      const pointer = childPointer('/paths', path);
      const problem = templateProblem(path);
      if (problem)
        report({
          message: `Path "${path}" ${problem}.`,
          pointer,
          fix: 'Write each variable part as {name}, with a distinct name.',
        });
    }
  },
};

function templateProblem(path: string): string | undefined {
  const names: string[] = [];
  let open = -1;
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '{') {
      if (open >= 0) return 'has a "{" inside a template';
      open = i;
    } else if (c === '}') {
      if (open < 0) return 'has a "}" without a matching "{"';
      const name = path.slice(open + 1, i).trim();
      if (name === '') return 'has an empty template "{}"';
      if (names.includes(name)) return `uses the template "{${name}}" twice`;
      names.push(name);
      open = -1;
    }
  }
  return open >= 0 ? 'has a "{" without a matching "}"' : undefined;
}
