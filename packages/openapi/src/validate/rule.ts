/** The shape of a validation rule: a small visitor over one document, one file per rule. */
import type { JsonObject, OasVersion, Severity } from '../types.ts';

export interface RuleReport {
  message: string;
  pointer: string;
  /** What `--fix` would do, or what the user should do. */
  fix?: string;
  /** Overrides the ruleset's severity for this one finding (rarely needed). */
  severity?: Severity;
}

export interface RuleContext {
  /** The bundled document (external `$ref`s already pulled in; internal `$ref`s kept). */
  readonly document: JsonObject;
  readonly version: OasVersion;
  /** Follows an internal `$ref` chain (`#/…`) and returns the target, or undefined when broken. */
  resolve(node: unknown): unknown;
  report(finding: RuleReport): void;
}

export interface Rule {
  /** Stable id; equals the file name (`operation-operationId-unique.ts`). */
  readonly id: string;
  /** One line for the CLI reference and the portal. */
  readonly description: string;
  /** Versions the rule applies to; all when omitted. */
  readonly versions?: readonly OasVersion[];
  check(context: RuleContext): void;
}

/** A ruleset is typed data: rule id → severity (or off). */
export type Ruleset = Readonly<Record<string, Severity | 'off'>>;
