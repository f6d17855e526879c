// Argument checks shared by the reference and the native binding: a wrong JS type is a TypeError
// before any state change or DLL call (ARCHITECTURE.md); a right type with a bad value is the
// Windows code, checked by the callers.

export function requireBool(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean (BOOL), got ${typeof value}`);
  return value;
}

/**
 * A Pipe argument: any object is the right type (an FH_SERVICE_PIPE_HANDLE is a branded object);
 * whether it is an open pipe of this implementation is the caller's E_HANDLE check.
 */
export function requirePipe(value: unknown, context: string): object {
  if (typeof value !== 'object' || value === null) throw new TypeError(`${context}: Pipe must be an FH_SERVICE_PIPE_HANDLE`);
  return value;
}

export function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string, got ${typeof value}`);
  return value;
}

/** An enum parameter: any 32-bit integer is the right type; the caller range-checks it. */
export function requireEnum(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -0x80000000 || value > 0xffffffff) {
    throw new TypeError(`${name} must be an integer enum value, got ${String(value)}`);
  }
  return value;
}

/** A ULONGLONG parameter: a bigint in 0..2^64-1. */
export function requireULongLong(value: unknown, name: string): bigint {
  if (typeof value !== 'bigint') throw new TypeError(`${name} must be a bigint (ULONGLONG), got ${typeof value}`);
  if (value < 0n || value > 0xffffffffffffffffn) throw new TypeError(`${name} is outside the ULONGLONG range`);
  return value;
}

/** A whole number of days for the cleanup rule. */
export function requireDays(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new TypeError(`${name} must be an integer, got ${String(value)}`);
  return value;
}
