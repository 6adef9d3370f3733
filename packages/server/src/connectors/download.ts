/** The files of a connector version as paconn writes them (no secrets), one by one or as a zip. */
import type { JsonObject } from '@portico/openapi';
import type { ConnectorVersion } from '../store/connectors.ts';
import { zipPackage } from '../zip/index.ts';

export const DOWNLOAD_FILES = [
  'apiDefinition.swagger.json',
  'apiProperties.json',
  'settings.json',
  'icon.png',
] as const;
export type DownloadFile = (typeof DOWNLOAD_FILES)[number];

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const SECRET_KEY = /^client[-_]?secret$/i;

/** A deep copy without any client secret (stored apiProperties never hold one; this is a second guard). */
function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (isObject(value)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !SECRET_KEY.test(k))
        .map(([k, v]) => [k, withoutSecrets(v)]),
    );
  }
  return value;
}

const serialize = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The package files of a version: definition, properties, settings (paconn's, with file names) and the icon. */
export function packageFiles(version: ConnectorVersion): Partial<Record<DownloadFile, string | Uint8Array>> {
  const settings = isObject(version.settings) ? { ...version.settings } : {};
  // Environment and connector ids belong to Power Platform; paconn fills them itself.
  delete settings.connectorId;
  delete settings.environment;
  const files: Partial<Record<DownloadFile, string | Uint8Array>> = {
    'apiDefinition.swagger.json': serialize(withoutSecrets(version.definition)),
    'apiProperties.json': serialize(withoutSecrets(version.properties)),
    'settings.json': serialize({
      apiDefinition: 'apiDefinition.swagger.json',
      apiProperties: 'apiProperties.json',
      ...(version.icon ? { icon: 'icon.png' } : {}),
      ...settings,
    }),
  };
  if (version.icon) files['icon.png'] = new Uint8Array(Buffer.from(version.icon, 'base64'));
  return files;
}

/** The version's files as a deterministic zip. */
export function packageZip(version: ConnectorVersion): Uint8Array {
  return zipPackage(packageFiles(version) as Record<string, string | Uint8Array>);
}
