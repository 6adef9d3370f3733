/** Serialises documents the way they are saved: JSON with two-space indent, or YAML for .yaml/.yml targets. */
import yaml from 'js-yaml';

/** True when a path asks for YAML. */
export function isYamlPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/** JSON (default) or YAML text of a document, ending with a newline. */
export function serializeDocument(document: unknown, format: 'json' | 'yaml'): string {
  if (format === 'yaml') return yaml.dump(document, { noRefs: true, lineWidth: -1, quotingType: '"' });
  return `${JSON.stringify(document, null, 2)}\n`;
}
