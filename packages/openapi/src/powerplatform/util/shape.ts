/**
 * Small shape checks for `x-ms-*` extension values, derived by hand from the Power Platform
 * `apiDefinition.swagger.schema.json` (microsoft/PowerPlatformConnectors). Each returns a problem
 * description or undefined.
 */
import { isObject } from '../../pointer.ts';
import type { JsonValue } from '../../types.ts';

export type ShapeCheck = (value: JsonValue) => string | undefined;

const describe = (value: JsonValue) => JSON.stringify(value)?.slice(0, 60) ?? String(value);

export const isString: ShapeCheck = (v) => (typeof v === 'string' ? undefined : `must be a string, not ${describe(v)}`);
export const isBoolean: ShapeCheck = (v) =>
  typeof v === 'boolean' ? undefined : `must be a boolean, not ${describe(v)}`;

/** One of the listed literal values. */
export function oneOf(...allowed: JsonValue[]): ShapeCheck {
  return (v) =>
    allowed.some((a) => a === v)
      ? undefined
      : `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, not ${describe(v)}`;
}

export interface ObjectShape {
  required?: string[];
  properties?: Record<string, ShapeCheck>;
  /** When false, keys not listed in `properties` are reported. */
  additional?: boolean;
}

/** An object with required keys, typed known keys and (optionally) no others. */
export function object(shape: ObjectShape): ShapeCheck {
  return (v) => {
    if (!isObject(v)) return `must be an object, not ${describe(v)}`;
    for (const key of shape.required ?? []) if (!(key in v)) return `needs "${key}"`;
    for (const [key, value] of Object.entries(v)) {
      const check = shape.properties?.[key];
      if (check) {
        const problem = check(value);
        if (problem) return `"${key}" ${problem}`;
      } else if (shape.additional === false) {
        return `has "${key}", which is not allowed (allowed: ${Object.keys(shape.properties ?? {}).join(', ')})`;
      }
    }
    return undefined;
  };
}

/** An array whose items each pass `item`. */
export function arrayOf(item: ShapeCheck, minItems = 0): ShapeCheck {
  return (v) => {
    if (!Array.isArray(v)) return `must be an array, not ${describe(v)}`;
    if (v.length < minItems) return `needs at least ${minItems} item(s)`;
    for (let i = 0; i < v.length; i++) {
      const problem = item(v[i] as JsonValue);
      if (problem) return `item ${i} ${problem}`;
    }
    return undefined;
  };
}

/** An object whose every value passes `value`. */
export function mapOf(value: ShapeCheck): ShapeCheck {
  return (v) => {
    if (!isObject(v)) return `must be an object, not ${describe(v)}`;
    for (const [key, item] of Object.entries(v)) {
      const problem = value(item);
      if (problem) return `"${key}" ${problem}`;
    }
    return undefined;
  };
}

/** Passes when any of the checks passes; reports the first check's problem otherwise. */
export function anyOf(...checks: ShapeCheck[]): ShapeCheck {
  return (v) => {
    const problems = checks.map((c) => c(v));
    return problems.some((p) => p === undefined) ? undefined : problems[0];
  };
}

export const anything: ShapeCheck = () => undefined;
