// What the VSS conformance suite runs against: the reference VSS (in `npm test`; its volumes are
// directories) or vssapi.dll through the native backend (`npm run conformance -- --native` on
// Windows, in an elevated shell; its volume is a real one, the root of a temporary folder).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, win32 } from 'node:path';
import type { TestFunction } from 'vitest';
import { it as vitestIt } from 'vitest';
import { E_ACCESSDENIED, isHResultError } from '@winbackup/errors';
import {
  createReferenceVss,
  CVssWriter,
  VSS_CT_FILEGROUP,
  VSS_ST_OTHER,
  VSS_UT_USERDATA,
  type IVssCreateWriterMetadata,
  type VssRequesterFactory,
} from '../../src/index.js';
import { KNOWN_DIFFERENCES } from './differences.js';

/** A machine to back up: a factory, a volume with a folder the suite writes to, and names it may use. */
export interface VssFixture {
  readonly vss: VssRequesterFactory;
  /** The volume the suite snapshots, ending in `\` (reference: a directory mapped to `C:\`; native: the root of `dir`). */
  readonly volume: string;
  /** A local folder on that volume the suite writes its files to. */
  readonly dir: string;
  /** `dir` as a path relative to the volume root, with `\` separators (no leading or trailing `\`). */
  readonly dirOnVolume: string;
  /** A well-formed volume name that names no volume here. */
  readonly unknownVolume: string;
  /** A volume no provider supports, when the machine has one. */
  readonly unsupportedVolume: string | undefined;
  /** Reads a file of a snapshot: `path` is the device object followed by the file's path on the volume. */
  readSnapshotFile(path: string): string;
  cleanup(): Promise<void>;
}

export interface VssTarget {
  readonly name: 'reference' | 'native';
  /** Tests this machine cannot run, by name, with the reason (besides KNOWN_DIFFERENCES). */
  readonly notRun?: Readonly<Record<string, string>>;
  /** A fresh fixture (each test gets its own); at least one writer is subscribed on the machine. */
  readonly setup: () => Promise<VssFixture>;
}

/** `it` of the suite: a test listed in KNOWN_DIFFERENCES for this target is reported as not run, with its reason. */
export type ConformanceIt = (name: string, fn: TestFunction) => void;

export function conformanceIt(target: VssTarget): ConformanceIt {
  return (name, fn) => {
    const reason = target.notRun?.[name] ?? KNOWN_DIFFERENCES[target.name][name];
    if (reason) vitestIt.skip(`${name} [not run on ${target.name}: ${reason}]`, fn);
    else vitestIt(name, fn);
  };
}

/** The machine's one writer on the reference (Windows has its system writers): a file group of the suite's folder. */
class ConformanceWriter extends CVssWriter {
  override OnIdentify(md: IVssCreateWriterMetadata): boolean {
    md.AddComponent(VSS_CT_FILEGROUP, null, 'conformance', 'Conformance files');
    md.AddFilesToFileGroup(null, 'conformance', 'C:\\conformance', '*', true);
    return true;
  }
  OnPrepareSnapshot(): boolean {
    return true;
  }
  OnFreeze(): boolean {
    return true;
  }
  OnThaw(): boolean {
    return true;
  }
  OnAbort(): boolean {
    return true;
  }
}

/** The reference VSS: `C:\` is a temporary directory, snapshots are kept in a store beside it. */
export const referenceTarget: VssTarget = {
  name: 'reference',
  async setup() {
    const root = mkdtempSync(join(tmpdir(), 'vss-conformance-'));
    const volC = join(root, 'C');
    mkdirSync(join(volC, 'conformance'), { recursive: true });
    // E:\ plays a volume no provider supports
    mkdirSync(join(root, 'E'));
    const vss = createReferenceVss({ volumes: { 'C:\\': volC, 'E:\\': join(root, 'E') }, unsupportedVolumes: ['E:\\'], store: join(root, 'store') });
    const writer = new ConformanceWriter(vss);
    await writer.Initialize('c0f0c0f0-0000-4000-8000-00000000c0f0', 'Conformance Writer', VSS_UT_USERDATA, VSS_ST_OTHER);
    await writer.Subscribe();
    return {
      vss,
      volume: 'C:\\',
      dir: join(volC, 'conformance'),
      dirOnVolume: 'conformance',
      unknownVolume: 'Q:\\',
      unsupportedVolume: 'E:\\',
      readSnapshotFile: (path) => readFileSync(vss.resolvePath(path) ?? path, 'utf8'),
      async cleanup() {
        await writer.Unsubscribe();
        rmSync(root, { recursive: true, force: true });
      },
    };
  },
};

/**
 * The native target: vssapi.dll, on the volume of VSS_CONFORMANCE_DIR (default: the temporary
 * folder). Fails loudly, before any test, when the shell is not elevated: VSS refuses every
 * requester of a process that is not (E_ACCESSDENIED), so nothing of the suite could pass.
 * koffi loads only here; `make` stands in for createNativeVss in the test of that check.
 */
export async function nativeTarget(make?: () => VssRequesterFactory): Promise<VssTarget> {
  const vss = make ? make() : (await import('../../src/native/index.js')).createNativeVss();
  const probe = await vss.CreateVssBackupComponents().then(async (bc) => {
    try {
      await bc.InitializeForBackup();
    } finally {
      await bc.Release();
    }
  }).then(() => undefined, (e: unknown) => e);
  if (probe !== undefined) {
    if (isHResultError(probe, E_ACCESSDENIED)) {
      throw new Error(
        'VSS CONFORMANCE NOT RUN: this shell is not elevated, and VSS refuses every requester of a process that is not ' +
          '(E_ACCESSDENIED from CreateVssBackupComponents/InitializeForBackup). Run `npm run conformance -- --native` from an ' +
          'administrator shell.',
        { cause: probe },
      );
    }
    throw probe;
  }
  const base = process.env.VSS_CONFORMANCE_DIR ?? tmpdir();
  const unsupportedVolume = process.env.VSS_CONFORMANCE_UNSUPPORTED_VOLUME;
  return {
    name: 'native',
    notRun: unsupportedVolume
      ? {}
      : { [UNSUPPORTED_VOLUME_TEST]: 'needs a volume no VSS provider supports: set VSS_CONFORMANCE_UNSUPPORTED_VOLUME to one (e.g. F:\\ on a FAT32 stick)' },
    async setup() {
      const dir = mkdtempSync(join(base, 'winbackup-vss-conformance-'));
      const volume = win32.parse(win32.resolve(dir)).root;
      return {
        vss,
        volume,
        dir,
        dirOnVolume: win32.resolve(dir).slice(volume.length).replace(/\\$/, ''),
        unknownVolume: unusedDriveLetter(),
        unsupportedVolume,
        // Node reads \\?\GLOBALROOT\Device\HarddiskVolumeShadowCopyN\... paths as they are
        readSnapshotFile: (path) => readFileSync(path, 'utf8'),
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  };
}

/** The name of the test that needs a volume no provider supports. */
export const UNSUPPORTED_VOLUME_TEST = 'a volume no provider supports: IsVolumeSupported FALSE, AddToSnapshotSet VSS_E_VOLUME_NOT_SUPPORTED (by provider when one is named)';

/** A drive letter with no volume behind it, from Z: down. */
function unusedDriveLetter(): string {
  for (let c = 'Z'.charCodeAt(0); c > 'D'.charCodeAt(0); c--) {
    const name = `${String.fromCharCode(c)}:\\`;
    if (!existsSync(name)) return name;
  }
  throw new Error('every drive letter from E: to Z: is in use; the suite needs one that names no volume');
}

/** Writes a file under the fixture's folder; returns its path on the volume (`C:\dir\name`). */
export function writeOnVolume(f: VssFixture, name: string, content: string): string {
  writeFileSync(join(f.dir, name), content);
  return `${f.volume}${f.dirOnVolume ? `${f.dirOnVolume}\\` : ''}${name}`;
}
