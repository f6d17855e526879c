// The names of an ESENT multi-string (each NUL-terminated, the list ends with an extra NUL).

/** The names in `szz`, in order, without the terminators. */
export function namesOf(szz: string): string[] {
  return szz.split('\0').filter((n) => n !== '');
}
