// Checks VSS users ask for before anything reaches vssapi.dll: a 32-bit process on 64-bit Windows
// (VSS refuses WOW64 requesters; AlphaVSS and restic refuse them too, SEMANTICS.md §6-§7), and the
// message of E_ACCESSDENIED, which VSS returns to a process that is not elevated.
import { E_ACCESSDENIED, hresultError, type HResultError } from '@winbackup/errors';

/** Throws when a 32-bit Node runs on 64-bit Windows (WOW64 sets PROCESSOR_ARCHITEW6432). */
export function refuseWow64(platform: string, arch: string, env: Readonly<Record<string, string | undefined>>): void {
  if (platform === 'win32' && arch === 'ia32' && env.PROCESSOR_ARCHITEW6432 !== undefined) {
    throw new Error(
      `@winbackup/vsbackup/native: this is a 32-bit Node on 64-bit Windows (${env.PROCESSOR_ARCHITEW6432}); ` +
        'VSS does not accept requesters running under WOW64. Use the 64-bit Node.',
    );
  }
}

/** hresultError for a failed call, saying "not elevated" for E_ACCESSDENIED. */
export function vssCallError(hr: number, context: string): HResultError {
  if (hr === E_ACCESSDENIED) {
    return hresultError(hr, { context: `${context}: access denied; VSS needs an elevated process (run as administrator, with the backup privilege)` });
  }
  return hresultError(hr, { context });
}
