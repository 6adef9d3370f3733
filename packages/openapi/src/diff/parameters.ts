/** Changes to the parameters of one matched operation (form fields are compared as the request body instead). */
import type { ModelOperation, ModelParameter } from '../model/index.ts';
import type { DiffContext } from './context.ts';
import { joinPath } from './schema.ts';

function keyOf(parameter: ModelParameter): string {
  return `${parameter.in}\u0000${parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name}`;
}

function describe(parameter: ModelParameter): string {
  return `the ${parameter.in} parameter "${parameter.name}"`;
}

function ordinary(operation: ModelOperation): Map<string, ModelParameter> {
  return new Map(operation.parameters.filter((p) => p.in !== 'formData').map((p) => [keyOf(p), p]));
}

/** Compares the parameters of two matched operations. */
export function diffParameters(context: DiffContext, before: ModelOperation, after: ModelOperation): void {
  const oldParameters = ordinary(before);
  const newParameters = ordinary(after);
  const pointers = (parameter: ModelParameter, old: ModelParameter) => ({
    oldPointer: context.oldSide.parameter(before.path, before.method, old.in, old.name),
    newPointer: context.newSide.parameter(after.path, after.method, parameter.in, parameter.name),
  });
  const renames = pathRenames(before, after, oldParameters, newParameters);
  const moved = new Set<string>(renames.map(([, renamed]) => keyOf(renamed)));
  for (const [parameter, renamed] of renames) {
    context.operation(
      'parameter-renamed',
      after,
      `the path parameter "${parameter.name}" was renamed to "${renamed.name}"`,
      pointers(renamed, parameter),
    );
    diffParameter(context, before, after, parameter, renamed);
  }
  for (const [key, parameter] of oldParameters) {
    if (newParameters.has(key) || renames.some(([old]) => old === parameter)) continue;
    const elsewhere = [...newParameters.values()].find(
      (candidate) => candidate.name === parameter.name && !oldParameters.has(keyOf(candidate)),
    );
    if (elsewhere !== undefined) {
      moved.add(keyOf(elsewhere));
      context.operation(
        'parameter-location-changed',
        after,
        `the parameter "${parameter.name}" moved from the ${parameter.in} to the ${elsewhere.in}`,
        pointers(elsewhere, parameter),
      );
      diffParameter(context, before, after, parameter, elsewhere);
      continue;
    }
    context.operation('parameter-removed', after, `${describe(parameter)} was removed`, {
      oldPointer: context.oldSide.parameter(before.path, before.method, parameter.in, parameter.name),
      newPointer: context.newSide.locate(['paths', after.path, after.method]),
    });
  }
  for (const [key, parameter] of newParameters) {
    if (oldParameters.has(key) || moved.has(key)) continue;
    context.operation(
      parameter.required ? 'parameter-added-required' : 'parameter-added-optional',
      after,
      `${describe(parameter)} was added as ${parameter.required ? 'required' : 'optional'}`,
      {
        oldPointer: context.oldSide.locate(['paths', before.path, before.method]),
        newPointer: context.newSide.parameter(after.path, after.method, parameter.in, parameter.name),
      },
    );
  }
  for (const [key, oldParameter] of oldParameters) {
    const newParameter = newParameters.get(key);
    if (newParameter !== undefined) diffParameter(context, before, after, oldParameter, newParameter);
  }
}

/** Path parameters whose name changed at the same place of the URL template: `/pets/{petId}` → `/pets/{id}`. */
function pathRenames(
  before: ModelOperation,
  after: ModelOperation,
  oldParameters: Map<string, ModelParameter>,
  newParameters: Map<string, ModelParameter>,
): Array<[ModelParameter, ModelParameter]> {
  const names = (path: string) => [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
  const newNames = names(after.path);
  const out: Array<[ModelParameter, ModelParameter]> = [];
  names(before.path).forEach((oldName, index) => {
    const newName = newNames[index];
    if (newName === undefined || newName === oldName) return;
    const oldParameter = oldParameters.get(`path\u0000${oldName}`);
    const newParameter = newParameters.get(`path\u0000${newName}`);
    if (oldParameter === undefined || newParameter === undefined) return;
    if (newParameters.has(`path\u0000${oldName}`) || oldParameters.has(`path\u0000${newName}`)) return;
    out.push([oldParameter, newParameter]);
  });
  return out;
}

function diffParameter(
  context: DiffContext,
  before: ModelOperation,
  after: ModelOperation,
  oldParameter: ModelParameter,
  newParameter: ModelParameter,
): void {
  const pointers = {
    oldPointer: context.oldSide.parameter(before.path, before.method, oldParameter.in, oldParameter.name),
    newPointer: context.newSide.parameter(after.path, after.method, newParameter.in, newParameter.name),
  };
  const subject = describe(newParameter);
  if (!oldParameter.required && newParameter.required) {
    context.operation('parameter-required-changed', after, `${subject} became required`, pointers);
  } else if (oldParameter.required && !newParameter.required) {
    context.operation('parameter-became-optional', after, `${subject} became optional`, pointers);
  }
  const oldStyle = styleOf(oldParameter);
  const newStyle = styleOf(newParameter);
  if (oldStyle !== undefined && newStyle !== undefined && oldStyle !== newStyle) {
    context.operation(
      'parameter-style-changed',
      after,
      `${subject} is now serialised as ${newStyle} (it was ${oldStyle})`,
      pointers,
    );
  }
  const changes = context.schemas.compare(
    { node: oldParameter.schema, place: parameterPlace(before, oldParameter) },
    { node: newParameter.schema, place: parameterPlace(after, newParameter) },
    'parameter',
  );
  for (const change of changes) {
    const where = change.path === '' ? subject : `"${joinPath(newParameter.name, change.path)}" of ${subject}`;
    context.operation(change.kind, after, `${where} ${change.text}`, pointers);
  }
}

/** `style=form, explode=false`, only for parameters whose values are arrays or objects (where it matters). */
function styleOf(parameter: ModelParameter): string | undefined {
  if (parameter.style === undefined) return undefined;
  const type = parameter.schema.type;
  if (type !== 'array' && type !== 'object' && parameter.schema.$ref === undefined) return undefined;
  return `style=${parameter.style}, explode=${parameter.explode === true}`;
}

/** A parameter's schema has no stable place of its own in every version; its operation stands for it. */
function parameterPlace(operation: ModelOperation, parameter: ModelParameter): string[] {
  return ['paths', operation.path, operation.method, 'parameters', `${parameter.in}:${parameter.name}`];
}
