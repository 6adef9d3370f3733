/**
 * Normalizes apiProperties.json deviations that deployed connectors have but the paconn schema
 * rejects (see the corpus README): boolean constraints, redirectMode casing, redirectUrl arrays,
 * missing IsFirstParty, policy-template id casing; strips client secrets.
 * Unknown identity providers and policy templates are kept and reported as info.
 */
import { childPointer, isObject } from '../../pointer.ts';
import type { AppliedFix, Finding, JsonObject, JsonValue } from '../../types.ts';
import { cloneJson } from '../util/json.ts';

export const KNOWN_POLICY_TEMPLATES = [
  'convertarraytoobject',
  'convertobjecttoarray',
  'dynamichosturl',
  'encodepropertyvalue',
  'pollingtrigger',
  'routerequesttoendpoint',
  'setheader',
  'setproperty',
  'setqueryparameter',
  'setvaluefromurl',
  'stringreplace',
  'stringtoarray',
  'updatenextlink',
];
const KNOWN_PROVIDERS = ['oauth2', 'oauth2generic', 'aad', 'aadcertificate', 'facebook'];
const REDIRECT_MODES = ['Global', 'Direct', 'GlobalPerConnector'];
const CUSTOM_PARAMETER_NAMES = [
  'resourceUri',
  'loginUri',
  'tenantId',
  'loginUriAAD',
  'authorizationUrl',
  'tokenUrl',
  'refreshUrl',
];

export interface NormalizeResult {
  properties: JsonObject;
  normalizations: AppliedFix[];
  findings: Finding[];
}

/** Returns a normalized copy of an apiProperties.json document and what was changed. Pointers are into apiProperties.json. */
export function normalizeApiProperties(input: JsonObject): NormalizeResult {
  const properties = cloneJson(input);
  const normalizations: AppliedFix[] = [];
  const findings: Finding[] = [];
  const note = (pointer: string, message: string) =>
    normalizations.push({ rule: 'pp-properties-normalize', pointer, message });
  const root = properties.properties;
  if (!isObject(root)) {
    findings.push({
      rule: 'pp-properties',
      severity: 'error',
      message: 'apiProperties.json has no "properties" object.',
      pointer: '',
      fix: 'Wrap the settings in { "properties": { … } } as paconn writes them.',
    });
    return { properties, normalizations, findings };
  }
  if (isObject(root.connectionParameters))
    normalizeParameters(root.connectionParameters, '/properties/connectionParameters', note, findings);
  const sets = root.connectionParameterSets;
  if (isObject(sets) && Array.isArray(sets.values)) {
    sets.values.forEach((set, i) => {
      const at = childPointer('/properties/connectionParameterSets/values', i);
      if (!isObject(set)) return;
      if (isObject(set.parameters)) normalizeParameters(set.parameters, childPointer(at, 'parameters'), note, findings);
      if (set.metadata !== undefined) {
        findings.push({
          rule: 'pp-properties',
          severity: 'info',
          message: `Parameter set "${String(set.name)}" has "metadata", which the paconn schema does not define; kept.`,
          pointer: childPointer(at, 'metadata'),
        });
      }
    });
  }
  if (Array.isArray(root.policyTemplateInstances)) {
    root.policyTemplateInstances.forEach((instance, i) => {
      const at = childPointer('/properties/policyTemplateInstances', i, 'templateId');
      if (!isObject(instance) || typeof instance.templateId !== 'string') return;
      const lower = instance.templateId.toLowerCase();
      if (KNOWN_POLICY_TEMPLATES.includes(lower)) {
        if (lower !== instance.templateId) {
          note(at, `templateId "${instance.templateId}" → "${lower}".`);
          instance.templateId = lower;
        }
      } else {
        findings.push({
          rule: 'pp-properties',
          severity: 'info',
          message: `Policy template "${instance.templateId}" is not in the paconn schema; kept as is.`,
          pointer: at,
        });
      }
    });
  }
  return { properties, normalizations, findings };
}

type Note = (pointer: string, message: string) => void;

function normalizeParameters(parameters: JsonObject, pointer: string, note: Note, findings: Finding[]): void {
  for (const [name, parameter] of Object.entries(parameters)) {
    if (!isObject(parameter)) continue;
    const at = childPointer(pointer, name);
    const ui = parameter.uiDefinition;
    if (isObject(ui) && isObject(ui.constraints)) {
      for (const key of ['required', 'hidden'] as const) {
        const value = ui.constraints[key];
        if (typeof value === 'boolean') {
          ui.constraints[key] = String(value);
          note(childPointer(at, 'uiDefinition', 'constraints', key), `${key}: ${value} → "${value}".`);
        }
      }
    }
    if (parameter.type === 'gatewaySetting' && parameter.gatewaySettings !== undefined) {
      findings.push({
        rule: 'pp-properties',
        severity: 'info',
        message: 'gatewaySettings on a gatewaySetting parameter is not in the paconn schema; kept.',
        pointer: childPointer(at, 'gatewaySettings'),
      });
    }
    // `oauthSettings` (lower-case s, seen in the corpus) is read as well but left as written.
    const settings = isObject(parameter.oAuthSettings) ? parameter.oAuthSettings : parameter.oauthSettings;
    if (isObject(settings))
      normalizeOAuth(
        settings,
        childPointer(at, isObject(parameter.oAuthSettings) ? 'oAuthSettings' : 'oauthSettings'),
        note,
        findings,
      );
  }
}

function normalizeOAuth(settings: JsonObject, at: string, note: Note, findings: Finding[]): void {
  for (const key of Object.keys(settings)) {
    if (/^clientsecret$/i.test(key)) {
      delete settings[key];
      note(childPointer(at, key), 'Removed the client secret; secrets are never carried into a package.');
    }
  }
  const provider = settings.identityProvider;
  if (typeof provider === 'string' && !KNOWN_PROVIDERS.includes(provider)) {
    findings.push({
      rule: 'pp-properties',
      severity: 'info',
      message: `Identity provider "${provider}" is not in the paconn schema; kept as is.`,
      pointer: childPointer(at, 'identityProvider'),
    });
  }
  if (typeof settings.redirectMode === 'string' && !REDIRECT_MODES.includes(settings.redirectMode)) {
    const fixed = REDIRECT_MODES.find((m) => m.toLowerCase() === (settings.redirectMode as string).toLowerCase());
    if (fixed) {
      note(childPointer(at, 'redirectMode'), `redirectMode "${settings.redirectMode}" → "${fixed}".`);
      settings.redirectMode = fixed;
    }
  }
  if (Array.isArray(settings.redirectUrl)) {
    const first = settings.redirectUrl.find((u): u is string => typeof u === 'string');
    note(childPointer(at, 'redirectUrl'), `redirectUrl list → its first entry${first ? ` "${first}"` : ''}.`);
    if (first !== undefined) settings.redirectUrl = first;
    else delete settings.redirectUrl;
  }
  const props = settings.properties;
  if (isObject(props)) {
    if (props.IsFirstParty === undefined) {
      props.IsFirstParty = provider === 'aadcertificate' ? 'True' : 'False';
      note(childPointer(at, 'properties', 'IsFirstParty'), `Added IsFirstParty "${props.IsFirstParty}".`);
    } else if (typeof props.IsFirstParty === 'boolean') {
      const value = props.IsFirstParty ? 'True' : 'False';
      note(childPointer(at, 'properties', 'IsFirstParty'), `IsFirstParty ${props.IsFirstParty} → "${value}".`);
      props.IsFirstParty = value;
    }
  }
  const custom = settings.customParameters;
  if (isObject(custom)) {
    for (const key of Object.keys(custom)) {
      const canonical = CUSTOM_PARAMETER_NAMES.find((n) => n.toLowerCase() === key.toLowerCase());
      if (canonical !== undefined && canonical !== key && custom[canonical] === undefined) {
        custom[canonical] = custom[key] as JsonValue;
        delete custom[key];
        note(childPointer(at, 'customParameters', key), `customParameters "${key}" → "${canonical}".`);
      }
    }
  }
}
