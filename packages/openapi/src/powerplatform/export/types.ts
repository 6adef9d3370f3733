/** Shapes of the Power Platform export: its input, options and per-package results. */
import type { AppliedFix, Finding, JsonObject, Loss, OasVersion, SourcePosition } from '../../types.ts';

export interface ExportInput {
  /** The bundled document (internal `$ref`s only), any version. */
  document: JsonObject;
  version: OasVersion;
  /** Line/column of a pointer in the input text (used for 2.0 inputs, whose pointers survive export). */
  locate?: (pointer: string) => SourcePosition | undefined;
  /** apiProperties.json of an input package folder; carried over (normalized). */
  properties?: JsonObject;
  /** settings.json of an input package folder; connectorId/environment carried over. */
  settings?: JsonObject;
}

export interface ExportOptions {
  fix?: boolean;
  splitByTag?: boolean;
  includeTags?: string[];
  includeOperations?: string[];
  iconBrandColor?: string;
  connectorName?: string;
  /**
   * The caller hands `input.document` over: the export may change it (a 3.x document is converted in place
   * instead of copied first). Pass only when the caller does not use the document afterwards. Without it, the
   * input is never mutated.
   */
  consumeInput?: boolean;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export type PackageFileName = 'apiDefinition.swagger.json' | 'apiProperties.json' | 'settings.json' | 'report.json';

export interface ExportReport {
  findings: Finding[];
  fixes: AppliedFix[];
  losses: Loss[];
  stats: { operations: number; bytes: number; schemas: number };
  importable: boolean;
}

export interface ExportedPackage {
  /** Folder name: `connector` for a single package, the tag slug (and part number) when split. */
  name: string;
  /** Serialized JSON files (2-space indent, newline at the end). */
  files: Record<PackageFileName, string>;
  report: ExportReport;
}

export interface ExportResult {
  packages: ExportedPackage[];
  /** Findings about the input as a whole (selection, unusable input, carried properties). */
  findings: Finding[];
  importable: boolean;
}
