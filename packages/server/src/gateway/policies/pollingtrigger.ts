/**
 * `pollingtrigger`: on a poll, sends the query computed from the previous answer (`triggerConfig`); on the
 * answer, returns the new items (`triggerDataPath`) and the next poll's query, or 202 with no body when there are none.
 */
import type { JsonValue } from '@portico/openapi';
import { responseScope } from '../context.ts';
import { compileTemplate, type Template } from '../expressions.ts';
import { isObject, valuePathParam } from './body.ts';
import type { PolicyTemplate } from './types.ts';

export const pollingtrigger: PolicyTemplate = {
  id: 'pollingtrigger',
  sections: ['request'],
  required: ['triggerConfig', 'triggerDataPath'],
  compile(params) {
    const config = params.raw('triggerConfig');
    if (!isObject(config)) throw new Error('parameter "triggerConfig" must be an object of query parameter templates');
    const queries: Array<[string, Template]> = [];
    for (const [name, value] of Object.entries(config)) {
      if (name === 'x-ms-triggerConfig-nextLink') continue;
      queries.push([name, compileTemplate(typeof value === 'string' ? value : JSON.stringify(value))]);
    }
    const dataPath = valuePathParam(params, 'triggerDataPath');
    return {
      onRequest(state) {
        const previous = state.triggerQuery;
        if (!previous) return;
        for (const [name] of queries) {
          const value = previous[name];
          if (value === undefined) continue;
          state.query = state.query.filter(([key]) => key !== name);
          state.query.push([name, value]);
        }
      },
      readsResponseBody: true,
      onResponse(state) {
        const data = dataPath.segments.reduce<JsonValue | undefined>(
          (value, segment) =>
            value !== null && typeof value === 'object'
              ? (value as Record<string, JsonValue>)[String(segment)]
              : undefined,
          state.body.json,
        );
        const items = Array.isArray(data) ? data : data === undefined || data === null ? [] : [data];
        if (items.length === 0) {
          state.trigger = { items: [], nextQuery: { ...(state.request.triggerQuery ?? {}) } };
          state.status = 202;
          state.body = {};
          return;
        }
        const scope = responseScope(state);
        const nextQuery: Record<string, string> = {};
        for (const [name, template] of queries) nextQuery[name] = template.evaluate(scope);
        state.trigger = { items, nextQuery };
      },
    };
  },
};
