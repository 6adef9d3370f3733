/** The contract every policy template module implements, and the compiled form the pipeline runs. */
import type { JsonValue } from '@portico/openapi';
import type { RequestState, ResponseState } from '../context.ts';

export type Section = 'request' | 'response' | 'failure';

/** Reads the `x-ms-apimTemplateParameter.*` values of one instance. */
export interface PolicyParams {
  /** The parameter as text (numbers and booleans stringified), or undefined. */
  text(name: string): string | undefined;
  /** The raw JSON value of the parameter. */
  raw(name: string): JsonValue | undefined;
}

/** What a template does at run time; the pipeline calls the hook of the instance's section. */
export interface PolicyStep {
  onRequest?(state: RequestState): void | Promise<void>;
  onResponse?(state: ResponseState): void;
  /** True when onResponse needs the response body parsed as JSON. */
  readsResponseBody?: boolean;
  /** The upstream path (and method) this step routes to, when constant; raw mode also accepts it (next links). */
  routesTo?: { path: string; method?: string };
}

/** One template: its id (lower case), where it may run, what it requires and how it compiles. */
export interface PolicyTemplate {
  id: string;
  /** Sections an instance may name; the first is the default. */
  sections: readonly Section[];
  /** Required parameter names (without the `x-ms-apimTemplateParameter.` prefix). */
  required: readonly string[];
  /** Throws an Error whose message names the bad parameter when the instance cannot run. */
  compile(params: PolicyParams, section: Section): PolicyStep;
}

/** A policy instance ready to run. */
export interface CompiledPolicy {
  templateId: string;
  title: string;
  /** Index in `policyTemplateInstances`. */
  index: number;
  section: Section;
  /** Operation ids it applies to; undefined means every operation. */
  operations?: ReadonlySet<string>;
  step: PolicyStep;
}

export const PARAMETER_PREFIX = 'x-ms-apimTemplateParameter.';
export const OPERATIONS_KEY = 'x-ms-apimTemplate-operationName';
export const SECTION_KEY = 'x-ms-apimTemplate-policySection';
