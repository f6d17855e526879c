// Argument checks shared by every helper: wrong JS types are a TypeError, numbers that cannot be
// the C type are a RangeError. Unknown but well-formed codes are never an error.

export function requireInteger(value: unknown, what: string): number {
  if (typeof value !== 'number') {
    throw new TypeError(`${what} must be a number, got ${value === null ? 'null' : typeof value}`);
  }
  if (!Number.isInteger(value)) {
    throw new TypeError(`${what} must be an integer, got ${String(value)}`);
  }
  return value;
}

/** A JET_ERR is a signed 32-bit long. */
export function requireInt32(value: unknown, what: string): number {
  const n = requireInteger(value, what);
  if (n < -0x80000000 || n > 0x7fffffff) {
    throw new RangeError(`${what} must fit a signed 32-bit integer, got ${n}`);
  }
  return n;
}

/** An HRESULT or DWORD may be given signed (-2147212543) or unsigned (0x80042301). */
export function requireInt32OrUint32(value: unknown, what: string): number {
  const n = requireInteger(value, what);
  if (n < -0x80000000 || n > 0xffffffff) {
    throw new RangeError(`${what} must fit 32 bits (signed or unsigned), got ${n}`);
  }
  return n;
}

export function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string') {
    throw new TypeError(`${what} must be a string, got ${value === null ? 'null' : typeof value}`);
  }
  return value;
}
