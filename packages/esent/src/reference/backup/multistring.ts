// Multi-strings (szz) as the backup calls return them (SEMANTICS.md §4 "Multi-strings"): each
// name NUL-terminated, the list ending with an extra NUL, an empty list a single NUL. Sizes are
// in bytes of the wide (W) variants: 2 per character.
export const BYTES_PER_CHAR = 2;

export function joinMultiString(names: readonly string[]): string {
  return names.map((n) => n + '\0').join('') + '\0';
}

/** The first min(cbMax, needed) bytes of the list (whole characters), and the bytes needed. */
export function copyMultiString(names: readonly string[], cbMax: number): { szz: string; cbNeeded: number; cbCopied: number } {
  const all = joinMultiString(names);
  const cbNeeded = all.length * BYTES_PER_CHAR;
  const chars = Math.min(all.length, Math.floor(cbMax / BYTES_PER_CHAR));
  return { szz: all.slice(0, chars), cbNeeded, cbCopied: Math.min(cbMax, cbNeeded) };
}

/** Splits a multi-string back into names (stops at the empty name). */
export function splitMultiString(szz: string): string[] {
  const out: string[] = [];
  for (const n of szz.split('\0')) {
    if (n === '') break;
    out.push(n);
  }
  return out;
}
