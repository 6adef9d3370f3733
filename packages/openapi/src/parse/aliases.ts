/** Guards against YAML alias bombs and cycles, and turns alias-shared nodes into a plain tree. */
import type { JsonValue } from '../types.ts';
import { DefinitionError } from './errors.ts';

export interface AliasLimits {
  /** Largest number of nodes the document may have once every alias is expanded. */
  maxExpandedNodes: number;
  /** Largest number of alias uses (a node reached a second time). */
  maxAliases: number;
}

/** The default limits: 10 million expanded nodes (or 100 per source byte, whichever is lower), 10 000 aliases. */
export function defaultAliasLimits(sourceLength: number): AliasLimits {
  return { maxExpandedNodes: Math.min(10_000_000, Math.max(100_000, 100 * sourceLength)), maxAliases: 10_000 };
}

type Container = JsonValue[] | { [key: string]: JsonValue };

function children(node: Container): JsonValue[] {
  return Array.isArray(node) ? node : Object.values(node);
}

const isContainer = (v: unknown): v is Container => v !== null && typeof v === 'object';

/** True when some container is reachable twice (YAML aliases or merge keys made it shared). */
function hasSharing(value: JsonValue): boolean {
  const seen = new Set<object>();
  const stack: JsonValue[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isContainer(node)) continue;
    if (seen.has(node)) return true;
    seen.add(node);
    for (const child of children(node)) if (isContainer(child)) stack.push(child);
  }
  return false;
}

/** Expanded size of a shared graph, memoised per node; throws on cycles and on exceeded limits. */
function measure(value: JsonValue, limits: AliasLimits, uri: string): void {
  const size = new Map<object, number>();
  const onPath = new Set<object>();
  const seen = new Set<object>();
  let aliases = 0;
  const stack: Array<{ node: Container; expanded: boolean }> = [];
  if (isContainer(value)) stack.push({ node: value, expanded: false });
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as { node: Container; expanded: boolean };
    if (!frame.expanded) {
      if (size.has(frame.node)) {
        stack.pop();
        continue;
      }
      frame.expanded = true;
      onPath.add(frame.node);
      for (const child of children(frame.node)) {
        if (!isContainer(child)) continue;
        if (onPath.has(child)) {
          throw new DefinitionError(
            'alias-cycle',
            `${uri}: a YAML alias refers to a node that contains it, so the document is infinitely deep; replace the recursive alias with a $ref.`,
            { uri },
          );
        }
        if (seen.has(child)) {
          aliases++;
          if (aliases > limits.maxAliases) {
            throw new DefinitionError(
              'alias-bomb',
              `${uri}: uses YAML aliases more than ${limits.maxAliases} times; Portico refuses such documents to stay safe from alias bombs, so write the repeated parts out or use $ref.`,
              { uri },
            );
          }
        } else seen.add(child);
        if (!size.has(child)) stack.push({ node: child, expanded: false });
      }
      continue;
    }
    stack.pop();
    onPath.delete(frame.node);
    let total = 1;
    for (const child of children(frame.node)) total += isContainer(child) ? (size.get(child) ?? 0) : 1;
    if (total > limits.maxExpandedNodes) {
      throw new DefinitionError(
        'alias-bomb',
        `${uri}: its YAML aliases expand to more than ${limits.maxExpandedNodes} nodes (an "alias bomb" such as billion laughs); Portico refuses it, so remove the nested aliases or write the data out.`,
        { uri },
      );
    }
    size.set(frame.node, total);
  }
}

function deepCopy(value: JsonValue): JsonValue {
  if (!isContainer(value)) return value;
  const root: Container = Array.isArray(value) ? [] : {};
  const stack: Array<[Container, Container]> = [[value, root]];
  while (stack.length > 0) {
    const [from, to] = stack.pop() as [Container, Container];
    for (const [key, child] of Object.entries(from)) {
      let copy: JsonValue = child;
      if (isContainer(child)) {
        copy = Array.isArray(child) ? [] : {};
        stack.push([child, copy]);
      }
      if (Array.isArray(to)) to.push(copy);
      else Object.defineProperty(to, key, { value: copy, enumerable: true, writable: true, configurable: true });
    }
  }
  return root;
}

/** Checks alias expansion limits; returns the value as a tree (shared nodes copied) when aliases were used. */
export function expandAliases(value: JsonValue, limits: AliasLimits, uri: string): JsonValue {
  if (!hasSharing(value)) return value;
  measure(value, limits, uri);
  return deepCopy(value);
}
