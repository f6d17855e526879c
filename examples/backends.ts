// What the tour runs against: the references (`npm start`) or the native backends over the real
// Windows DLLs (`npm start -- --native`). The steps make the same facade calls either way; only
// these factories, and the folders a step may use, differ.
import { mkdirSync } from 'node:fs';
import { sep, win32 } from 'node:path';
import type { EsentApi } from '@winbackup/esent';
import { createReferenceEsent } from '@winbackup/esent';
import { createReferenceFileHistory, type FileHistoryApi, type ReferenceFileHistory } from '@winbackup/fhsvcctl';
import { createReferenceVss, type VssRequesterFactory } from '@winbackup/vsbackup';

/** A machine to snapshot: the requester factory, the volume, and a folder on it the tour owns. */
export interface TourVss {
  /** The factory; writers subscribe to it with `new CVssWriter(vss)`. */
  readonly vss: VssRequesterFactory;
  /** The volume to snapshot, ending in `\`. */
  readonly volume: string;
  /** The tour's folder (where the tour writes its files), as a local path. */
  readonly dir: string;
  /** The same folder relative to the volume root, `\`-separated ('' for the root itself). */
  readonly dirOnVolume: string;
}

/** A File History user: the Windows API, and on the reference its extras (versions, restore, cycles). */
export interface TourFileHistory {
  readonly fh: FileHistoryApi;
  /** The reference's own calls, which have no Windows API; undefined on Windows. */
  readonly reference: ReferenceFileHistory | undefined;
  /** A target File History may use for a new configuration, or undefined when none is known. */
  readonly target: string | undefined;
  /** The user's Documents folder when the tour may write there (the reference's temporary profile). */
  readonly documents: string | undefined;
  close(): Promise<void>;
}

export interface TourBackends {
  readonly native: boolean;
  /** An EsentApi; the tour passes absolute paths and sets the instance's paths to `root`. */
  esent(root: string): EsentApi;
  /** The VSS of a machine whose snapshot the tour takes; `root` is the tour's temporary folder. */
  vss(root: string): TourVss;
  /** File History for one user; `root` is the tour's temporary folder. */
  fileHistory(root: string, clock: () => number): TourFileHistory;
  /** Why File History cannot run on this machine (a Windows without it: server SKUs), or undefined. */
  readonly fileHistoryUnavailable?: string;
}

/** A folder path with its trailing separator, as JET_paramSystemPath and friends take it. */
export const asFolder = (path: string): string => (path.endsWith(sep) ? path : path + sep);

/** The references: each step's "machine" lives in its temporary folder. */
export const referenceBackends: TourBackends = {
  native: false,
  esent: (root) => createReferenceEsent({ root }),
  vss(root) {
    // the machine's C:\ is a folder of the tour's temporary folder
    const volume = `${root}${sep}C`;
    mkdirSync(volume, { recursive: true });
    return { vss: createReferenceVss({ volumes: { 'C:\\': volume }, store: `${root}${sep}store` }), volume: 'C:\\', dir: volume, dirOnVolume: '' };
  },
  fileHistory(root, clock) {
    const reference = createReferenceFileHistory({
      stateDir: `${root}${sep}state`,
      profileDir: `${root}${sep}alice`,
      user: 'alice',
      computer: 'LAPTOP',
      clock,
      chunkSize: 256 * 1024,
    });
    const target = `${root}${sep}BackupDisk`;
    mkdirSync(target, { recursive: true });
    return { fh: reference, reference, target, documents: `${root}${sep}alice${sep}Documents`, close: () => reference.close() };
  },
};

/**
 * The native backends: esent.dll, vssapi.dll, fhsvcctl.dll and the FhConfigMgr class of this
 * Windows. Each factory is called here, so off Windows this throws the backends' own platform
 * errors at once (all of them, in one AggregateError). The VSS volume is the volume root of the
 * tour's temporary folder; File History uses the user's own configuration, or creates one only
 * for the target in WINBACKUP_TOUR_FH_TARGET.
 */
export async function nativeBackends(): Promise<TourBackends> {
  const [esentNative, vssNative, fhNative] = await Promise.all([
    import('@winbackup/esent/native'),
    import('@winbackup/vsbackup/native'),
    import('@winbackup/fhsvcctl/native'),
  ]);
  const errors: unknown[] = [];
  const attempt = <T>(make: () => T): T | undefined => {
    try {
      return make();
    } catch (e) {
      errors.push(e);
      return undefined;
    }
  };
  const esent = attempt(() => esentNative.createNativeEsent());
  const vss = attempt(() => vssNative.createNativeVss());
  const fh = attempt(() => fhNative.createNativeFileHistory());
  // a Windows without File History (server SKUs have no fhsvcctl.dll) still runs the other steps
  const fhMissing = process.platform === 'win32' && !fh && errors.length === 1;
  if (!esent || !vss || (!fh && !fhMissing)) throw new AggregateError(errors, 'the native backends cannot run here');
  const fileHistoryUnavailable = fhMissing ? `File History exists only on client Windows: ${(errors[0] as Error).message}` : undefined;
  return {
    native: true,
    ...(fileHistoryUnavailable ? { fileHistoryUnavailable } : {}),
    // one esent.dll per process: every engine of the tour is the same DLL
    esent: () => esent,
    vss(root) {
      const full = win32.resolve(root);
      const volume = win32.parse(full).root;
      return { vss, volume, dir: full, dirOnVolume: full.slice(volume.length).replace(/\\$/, '') };
    },
    fileHistory: () => ({ fh: fh!, reference: undefined, target: process.env.WINBACKUP_TOUR_FH_TARGET, documents: undefined, close: async () => undefined }),
  };
}
