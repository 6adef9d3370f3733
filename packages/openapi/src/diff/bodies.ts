/** Changes to the request body and the responses of one matched operation. */
import type { ModelContent, ModelOperation, ModelResponse } from '../model/index.ts';
import type { DiffContext } from './context.ts';
import type { ChangeKind } from './kinds.ts';
import type { Place } from './locate.ts';
import type { Direction, SchemaChange } from './schema.ts';

/** `application/json; charset=utf-8` → `application/json`. */
function mediaKey(content: ModelContent): string {
  return content.mediaType.split(';')[0]!.trim().toLowerCase();
}

function byMedia(contents: ModelContent[]): Map<string, ModelContent> {
  return new Map(contents.map((content) => [mediaKey(content), content]));
}

/** Compares request bodies: presence, required, media types, then the schemas of the media types both have. */
export function diffRequestBody(context: DiffContext, before: ModelOperation, after: ModelOperation): void {
  const oldBody = before.requestBody;
  const newBody = after.requestBody;
  const oldPlace = ['paths', before.path, before.method, 'requestBody'];
  const newPlace = ['paths', after.path, after.method, 'requestBody'];
  const pointers = { oldPointer: context.oldSide.locate(oldPlace), newPointer: context.newSide.locate(newPlace) };
  if (oldBody === undefined && newBody === undefined) return;
  if (oldBody === undefined || newBody === undefined) {
    if (newBody !== undefined) {
      const kind = newBody.required ? 'request-body-added-required' : 'request-body-added-optional';
      context.operation(
        kind,
        after,
        `${newBody.required ? 'a required' : 'an optional'} request body was added`,
        pointers,
      );
    } else {
      context.operation('request-body-removed', after, 'the request body was removed', pointers);
    }
    return;
  }
  if (!oldBody.required && newBody.required) {
    context.operation('request-body-became-required', after, 'the request body became required', pointers);
  } else if (oldBody.required && !newBody.required) {
    context.operation('request-body-became-optional', after, 'the request body became optional', pointers);
  }
  diffContents(context, after, oldBody.contents, newBody.contents, {
    oldPlace,
    newPlace,
    subject: 'the request body',
    body: 'the request body',
    removed: 'request-body-media-type-removed',
    added: 'request-body-media-type-added',
    direction: 'request',
  });
}

/** Compares responses by status code. */
export function diffResponses(context: DiffContext, before: ModelOperation, after: ModelOperation): void {
  const oldResponses = new Map(before.responses.map((response) => [response.status.toUpperCase(), response]));
  const newResponses = new Map(after.responses.map((response) => [response.status.toUpperCase(), response]));
  const place = (operation: ModelOperation, status: string) => [
    'paths',
    operation.path,
    operation.method,
    'responses',
    status,
  ];
  for (const [key, response] of oldResponses) {
    const match = newResponses.get(key);
    const oldPlace = place(before, response.status);
    const newPlace = place(after, match?.status ?? response.status);
    const pointers = { oldPointer: context.oldSide.locate(oldPlace), newPointer: context.newSide.locate(newPlace) };
    if (match === undefined) {
      const kind = isError(response.status) ? 'error-response-removed' : 'response-removed';
      context.operation(kind, after, `the response ${response.status} was removed`, pointers);
      continue;
    }
    diffHeaders(context, after, response, match, oldPlace, newPlace);
    diffContents(context, after, response.contents, match.contents, {
      oldPlace,
      newPlace,
      subject: `the response ${match.status}`,
      body: `the response ${match.status} body`,
      removed: 'response-media-type-removed',
      added: 'response-media-type-added',
      direction: 'response',
    });
  }
  for (const [key, response] of newResponses) {
    if (oldResponses.has(key)) continue;
    const pointers = {
      oldPointer: context.oldSide.locate(['paths', before.path, before.method, 'responses']),
      newPointer: context.newSide.locate(place(after, response.status)),
    };
    context.operation('response-added', after, `the response ${response.status} was added`, pointers);
  }
}

function isError(status: string): boolean {
  return status.startsWith('4') || status.startsWith('5');
}

function diffHeaders(
  context: DiffContext,
  after: ModelOperation,
  before: ModelResponse,
  now: ModelResponse,
  oldPlace: Place,
  newPlace: Place,
): void {
  const pointers = (name: string) => ({
    oldPointer: context.oldSide.locate([...oldPlace, 'headers', name]),
    newPointer: context.newSide.locate([...newPlace, 'headers', name]),
  });
  const oldNames = new Set(before.headers.map((header) => header.name.toLowerCase()));
  const newNames = new Set(now.headers.map((header) => header.name.toLowerCase()));
  for (const header of before.headers) {
    if (!newNames.has(header.name.toLowerCase())) {
      context.operation(
        'response-header-removed',
        after,
        `the header "${header.name}" of the response ${now.status} was removed`,
        pointers(header.name),
      );
    }
  }
  for (const header of now.headers) {
    if (!oldNames.has(header.name.toLowerCase())) {
      context.operation(
        'response-header-added',
        after,
        `the header "${header.name}" of the response ${now.status} was added`,
        pointers(header.name),
      );
    }
  }
}

interface ContentsSpec {
  oldPlace: Place;
  newPlace: Place;
  /** `the request body`, `the response 200`. */
  subject: string;
  /** `the request body`, `the response 200 body`. */
  body: string;
  removed: ChangeKind;
  added: ChangeKind;
  direction: Direction;
}

function diffContents(
  context: DiffContext,
  after: ModelOperation,
  oldContents: ModelContent[],
  newContents: ModelContent[],
  spec: ContentsSpec,
): void {
  const oldMedia = byMedia(oldContents);
  const newMedia = byMedia(newContents);
  const pointers = (mediaType: string) => ({
    oldPointer: context.oldSide.locate([...spec.oldPlace, 'content', mediaType]),
    newPointer: context.newSide.locate([...spec.newPlace, 'content', mediaType]),
  });
  for (const [key, content] of oldMedia) {
    if (!newMedia.has(key))
      context.operation(
        spec.removed,
        after,
        `${spec.subject} no longer offers ${content.mediaType}`,
        pointers(content.mediaType),
      );
  }
  for (const [key, content] of newMedia) {
    if (!oldMedia.has(key))
      context.operation(
        spec.added,
        after,
        `${spec.subject} now also offers ${content.mediaType}`,
        pointers(content.mediaType),
      );
  }
  // Media types of one body usually share a schema: report each schema change once.
  const reported = new Set<string>();
  for (const [key, oldContent] of oldMedia) {
    const newContent = newMedia.get(key);
    if (newContent === undefined || oldContent.schema === undefined || newContent.schema === undefined) continue;
    const changes = context.schemas.compare(
      { node: oldContent.schema, place: [...spec.oldPlace, 'content', oldContent.mediaType, 'schema'] },
      { node: newContent.schema, place: [...spec.newPlace, 'content', newContent.mediaType, 'schema'] },
      spec.direction,
    );
    for (const change of changes) {
      const id = `${change.kind}\u0000${change.path}\u0000${change.text}`;
      if (reported.has(id)) continue;
      reported.add(id);
      context.operation(kindAtRoot(change), after, `${where(spec, change)} ${change.text}`, {
        oldPointer: context.oldSide.locate(change.oldPlace),
        newPointer: context.newSide.locate(change.newPlace),
      });
    }
  }
}

function kindAtRoot(change: SchemaChange): ChangeKind {
  return change.path === '' && change.kind === 'request-property-type-changed'
    ? 'request-body-schema-changed'
    : change.kind;
}

function where(spec: ContentsSpec, change: SchemaChange): string {
  return change.path === '' ? spec.body : `the property "${change.path}" of ${spec.body}`;
}
