// VSS_ID is a GUID. Here it is a canonical lower-case string without braces; inputs may carry braces
// or upper case (as Windows tools print them) and are normalised. spec: SEMANTICS.md §5

export type VSS_ID = string;

export const GUID_NULL: VSS_ID = '00000000-0000-0000-0000-000000000000';

/** The Microsoft Software Shadow Copy provider 1.0, the system provider the reference plays. */
export const VSS_SYSTEM_PROVIDER_ID: VSS_ID = 'b5946137-7b9f-4925-af80-51abd60b20d5';

const GUID_RE = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** True for a string that is a GUID (with or without braces). */
export function isVssId(value: unknown): value is VSS_ID {
  return typeof value === 'string' && GUID_RE.test(value);
}

/** Canonical form of a GUID string; TypeError when `value` is not one (a wrong JS type or shape). */
export function toVssId(value: unknown, name: string): VSS_ID {
  if (typeof value !== 'string') throw new TypeError(`${name} must be a GUID string, got ${typeof value}`);
  const m = GUID_RE.exec(value);
  if (!m) throw new TypeError(`${name} must be a GUID string, got ${JSON.stringify(value)}`);
  return m[1]!.toLowerCase();
}
