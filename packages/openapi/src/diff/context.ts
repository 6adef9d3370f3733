/** What every part of one diff shares: the two sides, the schema comparer, and the list changes go to. */
import type { ModelOperation } from '../model/index.ts';
import { ADVICE } from './advice.ts';
import { type Change, type ChangeKind, classify } from './kinds.ts';
import type { Place, SourceLocator } from './locate.ts';
import type { SchemaComparer } from './schema.ts';

export class DiffContext {
  readonly changes: Change[] = [];

  constructor(
    readonly schemas: SchemaComparer,
    readonly oldSide: SourceLocator,
    readonly newSide: SourceLocator,
  ) {}

  /** Records a change about the whole document (servers, security schemes). */
  document(kind: ChangeKind, statement: string, oldPlace: Place, newPlace: Place): void {
    this.changes.push(
      classify({
        kind,
        oldPointer: this.oldSide.locate(oldPlace),
        newPointer: this.newSide.locate(newPlace),
        message: sentence(statement, kind),
      }),
    );
  }

  /** Records a change about one operation; `operation` is the new one, or the old one when it was removed. */
  operation(
    kind: ChangeKind,
    operation: ModelOperation,
    statement: string,
    pointers: { oldPointer: string; newPointer: string },
  ): void {
    this.changes.push(
      classify({
        kind,
        operationId: operation.operationId,
        method: operation.method.toUpperCase(),
        path: operation.path,
        ...pointers,
        message: sentence(`${operationLabel(operation)}: ${statement}`, kind),
      }),
    );
  }
}

/** `GET /pets/{petId} (showPetById)`. */
export function operationLabel(operation: ModelOperation): string {
  return `${operation.method.toUpperCase()} ${operation.path} (${operation.operationId})`;
}

function sentence(statement: string, kind: ChangeKind): string {
  return `${statement}. ${ADVICE[kind]}`;
}
