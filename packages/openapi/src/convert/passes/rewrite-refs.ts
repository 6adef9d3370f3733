/**
 * Passes that keep references sound after a conversion: rewrite-refs maps every `$ref` to where its
 * target now lives; repair-refs replaces the few that still point nowhere.
 */
import { isObject } from '../../pointer.ts';
import type { JsonValue } from '../../types.ts';
import { type ConvertContext, type Pass, refTarget } from '../context.ts';
import { rewriteRefs, scanRefs } from '../refs.ts';

/** A pass rewriting references with the recorded moves and then `rename`. */
export function rewriteRefsPass(rename: (tokens: string[]) => string[] | undefined): Pass {
  return {
    name: 'rewrite-refs',
    run(context) {
      context.refScan = rewriteRefs(context.document, context.moves, rename);
    },
  };
}

/** Removes parameter references that point nowhere and empties other dangling references. */
export const repairRefs: Pass = {
  name: 'repair-refs',
  run(context: ConvertContext) {
    const resolves = new Map<string, boolean>();
    const scan = context.refScan ?? scanRefs(context.document);
    context.refScan = undefined;
    for (const site of scan.refs) {
      const ref = site.holder.$ref as string;
      let ok = resolves.get(ref);
      if (ok === undefined) {
        ok = !ref.startsWith('#') || refTarget(context.document, ref) !== undefined;
        resolves.set(ref, ok);
      }
      if (ok) continue;
      const pointer = site.pointer();
      context.loss(
        'dangling-ref',
        pointer,
        `Reference "${ref}" has no target in the converted document.`,
        'replaced by an empty schema (or removed from a parameter list)',
      );
      const parent = site.parent;
      if (Array.isArray(parent) && /\/parameters\/\d+$/.test(pointer)) {
        const index = parent.indexOf(site.holder as JsonValue);
        if (index >= 0) parent.splice(index, 1);
        continue;
      }
      delete site.holder.$ref;
      if (/\/responses\/[^/]+$/.test(pointer) && isObject(site.holder)) site.holder.description = '';
    }
  },
};
