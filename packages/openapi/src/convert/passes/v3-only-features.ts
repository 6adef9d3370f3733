/**
 * Pass (3.x → 2.0): drops what Swagger 2.0 has no place for — callbacks, TRACE operations, servers
 * per path or operation, path item summaries — recording each loss.
 */
import { childPointer, isObject } from '../../pointer.ts';
import type { Pass } from '../context.ts';
import { eachOperationV3 } from '../operations.ts';

export const v3OnlyFeatures: Pass = {
  name: 'v3-only-features',
  run(context) {
    const document = context.document;
    for (const { operation, pointer, pathItem } of eachOperationV3(document)) {
      if (operation.callbacks !== undefined) {
        context.loss('callbacks', childPointer(pointer, 'callbacks'), 'Swagger 2.0 has no callbacks.', 'dropped');
        delete operation.callbacks;
      }
      if (operation.servers !== undefined) {
        context.loss(
          'servers-per-operation',
          childPointer(pointer, 'servers'),
          'Swagger 2.0 has no per-operation servers.',
          'dropped; the document host applies',
        );
        delete operation.servers;
      }
      if (pathItem.trace === operation) {
        context.loss('trace-method', pointer, 'Swagger 2.0 has no TRACE operations.', 'operation dropped');
        delete pathItem.trace;
      }
    }
    if (isObject(document.paths)) {
      for (const [path, item] of Object.entries(document.paths)) {
        if (!isObject(item)) continue;
        const pointer = childPointer('/paths', path);
        if (item.servers !== undefined) {
          context.loss(
            'servers-per-path',
            childPointer(pointer, 'servers'),
            'Swagger 2.0 has no per-path servers.',
            'dropped; the document host applies',
          );
          delete item.servers;
        }
        for (const key of ['summary', 'description'] as const) {
          if (item[key] === undefined) continue;
          context.loss(
            'path-item-summary',
            childPointer(pointer, key),
            `Swagger 2.0 path items have no ${key}.`,
            `kept as x-${key}`,
          );
          item[`x-${key}`] = item[key]!;
          delete item[key];
        }
      }
    }
    const components = document.components;
    if (isObject(components)) {
      for (const key of ['callbacks', 'links'] as const) {
        if (isObject(components[key]) && Object.keys(components[key]).length > 0) {
          context.loss(key, childPointer('/components', key), `Swagger 2.0 has no ${key}.`, 'dropped');
        }
      }
    }
  },
};
