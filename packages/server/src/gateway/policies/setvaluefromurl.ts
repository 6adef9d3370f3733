/** `setvaluefromurl`: calls another URL of the same API first and puts a value of its answer in a header or query. */
import type { JsonValue } from '@portico/openapi';
import { requestScope } from '../context.ts';
import { failWith } from '../errors.ts';
import { compileTemplate, readPath } from '../expressions.ts';
import { valuePathParam } from './body.ts';
import { fillPlaceholders } from './routerequesttoendpoint.ts';
import type { PolicyTemplate } from './types.ts';

const TARGET = /^\s*@?(headers|queryParameters)\(\s*'([^']+)'\s*\)\s*$/;

export const setvaluefromurl: PolicyTemplate = {
  id: 'setvaluefromurl',
  sections: ['request'],
  required: ['parameterTemplate', 'parameterValueUrl', 'parameterValuePathTemplate'],
  compile(params) {
    const target = TARGET.exec(params.text('parameterTemplate') ?? '');
    if (!target) throw new Error(`parameter "parameterTemplate" must be @headers('Name') or @queryParameters('name')`);
    const [, kind, name] = target as unknown as [string, string, string];
    const url = compileTemplate(params.text('parameterValueUrl') ?? '');
    const valuePath = valuePathParam(params, 'parameterValuePathTemplate');
    const method = (params.text('httpMethod') ?? 'GET').toUpperCase();
    if (!['GET', 'POST', 'PUT'].includes(method))
      throw new Error(`parameter "httpMethod" is "${method}"; use GET, POST or PUT`);
    return {
      async onRequest(state) {
        const relative = fillPlaceholders({ ...state, query: [...state.query] }, url.evaluate(requestScope(state)));
        const answer = await state.sideCall(method, relative);
        if (answer.status < 200 || answer.status > 299) {
          failWith(
            'upstream_invalid_response',
            `The upstream answered ${answer.status} to the call that sets ${kind === 'headers' ? 'header' : 'query parameter'} "${name}".`,
            { details: { status: answer.status } },
          );
        }
        let json: JsonValue | undefined;
        try {
          json = JSON.parse(answer.body.toString('utf8')) as JsonValue;
        } catch {
          failWith('upstream_invalid_response', `The answer to the call that sets "${name}" is not JSON.`);
        }
        const value = readPath(json, valuePath.segments);
        if (value === undefined || value === null) return;
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        if (kind === 'headers') state.headers.set(name, text);
        else {
          state.query = state.query.filter(([key]) => key !== name);
          state.query.push([name, text]);
        }
      },
    };
  },
};
