/** settings.json for paconn (schemas/paconn-settings.schema.json): file names and endpoints, never an environment secret. */
import { isObject } from '../../pointer.ts';
import type { JsonObject } from '../../types.ts';

const ALLOWED = ['connectorId', 'environment', 'powerAppsUrl', 'powerAppsApiVersion', 'flowUrl', 'flowApiVersion'];

/** Builds settings.json; carries connectorId/environment/URLs from an input package's settings (connectorId only for a single package). */
export function buildSettings(carried: JsonObject | undefined, singlePackage: boolean): JsonObject {
  const settings: JsonObject = {
    apiDefinition: 'apiDefinition.swagger.json',
    apiProperties: 'apiProperties.json',
    powerAppsUrl: 'https://api.powerapps.com',
    powerAppsApiVersion: '2016-11-01',
  };
  if (isObject(carried)) {
    for (const key of ALLOWED) {
      if (key === 'connectorId' && !singlePackage) continue;
      const value = carried[key];
      if (typeof value === 'string') settings[key] = value;
    }
  }
  return settings;
}
