/**
 * OpenAPI 3.x: every server URL is usable — not empty, every `{variable}` defined, each variable's default
 * within its enum, and the URL parseable once the defaults are filled in.
 */
import { childPointer, isObject } from '../../pointer.ts';
import type { JsonObject } from '../../types.ts';
import { eachOperation } from '../../walk.ts';
import type { Rule, RuleReport } from '../rule.ts';

export const serverUrlValid: Rule = {
  id: 'server-url-valid',
  description: 'Server URLs are well formed and their variables defined.',
  versions: ['3.0', '3.1'],
  check({ document, report }) {
    const lists: Array<[unknown, string]> = [[document.servers, '/servers']];
    const paths = isObject(document.paths) ? document.paths : {};
    for (const [path, item] of Object.entries(paths)) {
      if (isObject(item)) lists.push([item.servers, childPointer('/paths', path, 'servers')]);
    }
    for (const op of eachOperation(document)) lists.push([op.operation.servers, childPointer(op.pointer, 'servers')]);
    for (const [servers, pointer] of lists) {
      if (!Array.isArray(servers)) continue;
      servers.forEach((server, index) => {
        if (isObject(server)) checkServer(server, childPointer(pointer, index), report);
      });
    }
  },
};

function checkServer(server: JsonObject, pointer: string, report: (r: RuleReport) => void): void {
  const url = server.url;
  if (typeof url !== 'string') return; // a missing url is a structural error
  const urlPointer = childPointer(pointer, 'url');
  if (url.trim() === '') {
    report({
      message: 'The server URL is empty.',
      pointer: urlPointer,
      fix: 'Use "/" for the API\'s own host, or a full URL.',
    });
    return;
  }
  if (/[{}]/.test(url.replace(/\{[^{}]+\}/g, ''))) {
    report({
      message: `Server URL "${url}" has an unmatched "{" or "}".`,
      pointer: urlPointer,
      fix: 'Write variables as {name}.',
    });
    return;
  }
  const variables = isObject(server.variables) ? server.variables : {};
  let filled = url;
  for (const match of url.matchAll(/\{([^{}]+)\}/g)) {
    const name = match[1]!;
    const variable = variables[name];
    if (!isObject(variable)) {
      report({
        message: `Server URL "${url}" uses the variable "{${name}}", which is not defined in "variables".`,
        pointer: urlPointer,
        fix: `Add "variables": { "${name}": { "default": "…" } } to this server.`,
      });
      return;
    }
    filled = filled.replace(match[0], typeof variable.default === 'string' ? variable.default : 'x');
  }
  for (const [name, variable] of Object.entries(variables)) {
    if (!isObject(variable) || !Array.isArray(variable.enum) || variable.enum.includes(variable.default ?? null))
      continue;
    report({
      message: `The default of server variable "${name}" (${JSON.stringify(variable.default)}) is not one of its enum values.`,
      pointer: childPointer(pointer, 'variables', name, 'default'),
      fix: 'Make the default one of the enum values.',
    });
  }
  if (/\s/.test(filled) || !parses(filled)) {
    report({
      message: `Server URL "${url}" is not a valid URL${filled !== url ? ` (with defaults: "${filled}")` : ''}.`,
      pointer: urlPointer,
      fix: 'Use an absolute URL such as "https://api.example.com/v1" or a relative one such as "/v1".',
    });
  }
}

function parses(url: string): boolean {
  try {
    const parsed = new URL(url, 'https://relative.invalid/');
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' || /^wss?:$/.test(parsed.protocol);
  } catch {
    return false;
  }
}
