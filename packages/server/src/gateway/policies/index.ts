/**
 * The policy-template registry: compiles `policyTemplateInstances` of apiProperties.json once per connector and
 * checks them at import time, so that an unknown or broken template is a finding, never a runtime surprise.
 */
import { eachOperation, type Finding, type JsonObject, type JsonValue } from '@portico/openapi';
import { convertarraytoobject } from './convertarraytoobject.ts';
import { convertobjecttoarray } from './convertobjecttoarray.ts';
import { dynamichosturl } from './dynamichosturl.ts';
import { encodepropertyvalue } from './encodepropertyvalue.ts';
import { pollingtrigger } from './pollingtrigger.ts';
import { routerequesttoendpoint } from './routerequesttoendpoint.ts';
import { setheader } from './setheader.ts';
import { setproperty } from './setproperty.ts';
import { setqueryparameter } from './setqueryparameter.ts';
import { setvaluefromurl } from './setvaluefromurl.ts';
import { stringreplace } from './stringreplace.ts';
import { stringtoarray } from './stringtoarray.ts';
import {
  type CompiledPolicy,
  OPERATIONS_KEY,
  PARAMETER_PREFIX,
  type PolicyParams,
  type PolicyTemplate,
  SECTION_KEY,
  type Section,
} from './types.ts';
import { updatenextlink } from './updatenextlink.ts';

/** Every supported template, by lower-case id. */
export const POLICY_TEMPLATES: ReadonlyMap<string, PolicyTemplate> = new Map(
  [
    convertarraytoobject,
    convertobjecttoarray,
    dynamichosturl,
    encodepropertyvalue,
    pollingtrigger,
    routerequesttoendpoint,
    setheader,
    setproperty,
    setqueryparameter,
    setvaluefromurl,
    stringreplace,
    stringtoarray,
    updatenextlink,
  ].map((template) => [template.id, template]),
);

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `properties` object of an apiProperties.json (accepts the whole file or the object itself). */
export function propertiesObject(properties: JsonObject | undefined): { props: JsonObject; pointer: string } {
  if (properties && isObject(properties.properties)) return { props: properties.properties, pointer: '/properties' };
  return { props: properties ?? {}, pointer: '' };
}

function paramsOf(parameters: JsonObject): PolicyParams {
  return {
    raw: (name) => parameters[PARAMETER_PREFIX + name],
    text(name) {
      const value = parameters[PARAMETER_PREFIX + name];
      if (value === undefined || value === null) return undefined;
      return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
    },
  };
}

const SECTIONS: Record<string, Section> = { request: 'request', response: 'response', failure: 'failure' };

interface Outcome {
  compiled: CompiledPolicy[];
  findings: Finding[];
}

function finding(rule: string, severity: Finding['severity'], pointer: string, message: string, fix?: string): Finding {
  const out: Finding = { rule, severity, pointer, message };
  if (fix !== undefined) out.fix = fix;
  return out;
}

/** Compiles every instance it can and reports the others; `operationIds` (when given) checks operation filters. */
export function compilePolicies(properties: JsonObject | undefined, operationIds?: ReadonlySet<string>): Outcome {
  const { props, pointer: base } = propertiesObject(properties);
  const instances = props.policyTemplateInstances;
  const out: Outcome = { compiled: [], findings: [] };
  if (instances === undefined || instances === null) return out;
  const listPointer = `${base}/policyTemplateInstances`;
  if (!Array.isArray(instances)) {
    out.findings.push(
      finding(
        'gateway-policy-invalid',
        'error',
        listPointer,
        'policyTemplateInstances must be an array of policy instances.',
      ),
    );
    return out;
  }
  instances.forEach((instance: JsonValue, index) => {
    const pointer = `${listPointer}/${index}`;
    if (!isObject(instance) || typeof instance.templateId !== 'string') {
      out.findings.push(
        finding('gateway-policy-invalid', 'error', pointer, `Policy instance ${index} has no templateId.`),
      );
      return;
    }
    const id = instance.templateId;
    const title = typeof instance.title === 'string' ? instance.title : id;
    const label = `Policy "${title}" (${pointer})`;
    const template = POLICY_TEMPLATES.get(id.toLowerCase());
    if (!template) {
      out.findings.push(
        finding(
          'gateway-policy-unknown-template',
          'error',
          `${pointer}/templateId`,
          `${label} uses the template "${id}", which the Portico gateway does not run.`,
          `Remove the instance or replace it with one of: ${[...POLICY_TEMPLATES.keys()].join(', ')}.`,
        ),
      );
      return;
    }
    const parameters = isObject(instance.parameters) ? instance.parameters : {};
    const missing = template.required.filter((name) => {
      const value = parameters[PARAMETER_PREFIX + name];
      return value === undefined || value === null;
    });
    if (missing.length > 0) {
      out.findings.push(
        finding(
          'gateway-policy-invalid',
          'error',
          `${pointer}/parameters`,
          `${label} lacks the required parameter ${missing.map((m) => `"${PARAMETER_PREFIX}${m}"`).join(', ')}.`,
          'Add the parameter or remove the instance.',
        ),
      );
      return;
    }
    const sectionText = parameters[SECTION_KEY];
    const section = typeof sectionText === 'string' ? SECTIONS[sectionText.toLowerCase()] : template.sections[0];
    if (!section || !template.sections.includes(section)) {
      out.findings.push(
        finding(
          'gateway-policy-invalid',
          'error',
          `${pointer}/parameters/${SECTION_KEY}`,
          `${label} runs in section "${String(sectionText)}", but "${id}" runs only in ${template.sections.join(', ')}.`,
        ),
      );
      return;
    }
    let operations: Set<string> | undefined;
    const names = parameters[OPERATIONS_KEY];
    if (names !== undefined) {
      if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) {
        out.findings.push(
          finding(
            'gateway-policy-invalid',
            'error',
            `${pointer}/parameters/${OPERATIONS_KEY}`,
            `${label} must list operation ids as an array of strings.`,
          ),
        );
        return;
      }
      operations = new Set(names as string[]);
      for (const name of operations) {
        if (operationIds && !operationIds.has(name)) {
          out.findings.push(
            finding(
              'gateway-policy-unknown-operation',
              'warning',
              `${pointer}/parameters/${OPERATIONS_KEY}`,
              `${label} names the operation "${name}", which the definition does not have; it never runs for it.`,
            ),
          );
        }
      }
    }
    try {
      const step = template.compile(paramsOf(parameters), section);
      const compiled: CompiledPolicy = { templateId: template.id, title, index, section, step };
      if (operations) compiled.operations = operations;
      out.compiled.push(compiled);
    } catch (error) {
      out.findings.push(
        finding('gateway-policy-invalid', 'error', `${pointer}/parameters`, `${label}: ${(error as Error).message}.`),
      );
    }
  });
  return out;
}

/** Import-time check of a connector's policy templates: unknown ids, missing parameters, bad sections, unknown operations. */
export function checkPolicies(properties: JsonObject, definition?: JsonObject): Finding[] {
  const ids = definition
    ? new Set(
        eachOperation(definition).flatMap(({ operation }) =>
          typeof operation.operationId === 'string' ? [operation.operationId] : [],
        ),
      )
    : undefined;
  return compilePolicies(properties, ids).findings;
}

export type { CompiledPolicy, PolicyTemplate, Section } from './types.ts';
