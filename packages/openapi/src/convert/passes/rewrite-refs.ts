/**
 * Passes that keep references sound after a conversion: rewrite-refs maps every `$ref` to where its
 * target now lives; repair-refs replaces the few that still point nowhere.
 */
import { isObject } from '../../pointer.ts';
import type { JsonValue } from '../../types.ts';
import { type ConvertContext, type Pass, refTarget } from '../context.ts';
import { type DanglingRef, resolutionDependsOn, rewriteRefs, scanRefs } from '../refs.ts';

/** A pass rewriting references with the recorded moves and then `rename`. */
export function rewriteRefsPass(rename: (tokens: string[]) => string[] | undefined): Pass {
  return {
    name: 'rewrite-refs',
    run(context) {
      context.refReport = rewriteRefs(context.document, context.moves, rename, context.shared);
    },
  };
}

/** Removes parameter references that point nowhere and empties other dangling references. */
export const repairRefs: Pass = {
  name: 'repair-refs',
  run(context: ConvertContext) {
    const report = context.refReport ?? rewriteRefs(context.document, new Map(), undefined, context.shared);
    context.refReport = undefined;
    context.repeats = report.repeats;
    if (report.dangling.length === 0) return;
    // Each repair edits a holder (or removes it from its parameter list). When no other reference resolves
    // through what the repairs edit, the references found dangling during the walk are exactly those to repair.
    const edited = new Set<object>();
    for (const site of report.dangling) edited.add(isParameterItem(site) ? site.parent! : site.holder);
    if (!resolutionDependsOn(context.document, report, edited)) {
      for (const site of report.dangling) repair(context, site);
      return;
    }
    // Otherwise repair one reference at a time, deciding each after the repairs before it.
    const resolves = new Map<string, boolean>();
    for (const site of scanRefs(context.document).refs) {
      const ref = site.holder.$ref as string;
      let ok = resolves.get(ref);
      if (ok === undefined) {
        ok = !ref.startsWith('#') || refTarget(context.document, ref) !== undefined;
        resolves.set(ref, ok);
      }
      if (!ok) repair(context, { holder: site.holder, parent: site.parent, pointer: site.pointer(), ref });
    }
  },
};

function isParameterItem(site: DanglingRef): boolean {
  return Array.isArray(site.parent) && /\/parameters\/\d+$/.test(site.pointer);
}

function repair(context: ConvertContext, site: DanglingRef): void {
  context.loss(
    'dangling-ref',
    site.pointer,
    `Reference "${site.ref}" has no target in the converted document.`,
    'replaced by an empty schema (or removed from a parameter list)',
  );
  const parent = site.parent;
  if (Array.isArray(parent) && isParameterItem(site)) {
    const index = parent.indexOf(site.holder as JsonValue);
    if (index >= 0) parent.splice(index, 1);
    return;
  }
  delete site.holder.$ref;
  if (/\/responses\/[^/]+$/.test(site.pointer) && isObject(site.holder)) site.holder.description = '';
}
