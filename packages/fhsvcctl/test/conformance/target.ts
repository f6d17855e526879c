// What the File History conformance suite runs against: the reference File History (in `npm
// test`) or fhsvcctl.dll and the FhConfigMgr COM class through the native backend (`npm run
// conformance -- --native` on Windows). File History exists only on client Windows: on a server
// SKU, or without the fhsvc service, the native target reports the parts it cannot run and why.
// The configuration tests replace the user's File History configuration, so on Windows they run
// only when FH_CONFORMANCE_TARGET names a target File History may use.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, win32 } from 'node:path';
import type { TestFunction } from 'vitest';
import { it as vitestIt } from 'vitest';
import { createReferenceFileHistory, type FileHistoryApi } from '../../src/index.js';
import { KNOWN_DIFFERENCES } from './differences.js';

/**
 * The parts of the suite: the service-control functions, the configuration calls that read
 * nothing and write nothing, and the configuration tests (which write the user's configuration).
 */
export type SuitePart = 'service' | 'configReadOnly' | 'configuration';

/** A user to protect: the API, a target, and paths the suite may name. */
export interface FhFixture {
  readonly fh: FileHistoryApi;
  /** A target URL File History may use (a folder on the reference). */
  readonly target: string;
  /** A target URL that names nothing reachable. */
  readonly absentTarget: string;
  /** A full folder path the suite may put in an exclusion rule (it need not exist). */
  readonly folderToExclude: string;
  /** Stops the File History service, where the target can (the reference). */
  readonly stopService?: () => Promise<void>;
  cleanup(): Promise<void>;
}

export interface FhTarget {
  readonly name: 'reference' | 'native';
  /** Why a part of the suite cannot run on this target; absent: it runs. */
  readonly unavailable: Partial<Record<SuitePart, string>>;
  readonly setup: () => FhFixture;
}

/** `it` of one part of the suite: reported as not run, with the reason, when the part or the test cannot run on the target. */
export type ConformanceIt = (name: string, fn: TestFunction) => void;

export function conformanceIt(target: FhTarget, part: SuitePart): ConformanceIt {
  return (name, fn) => {
    const reason = target.unavailable[part] ?? KNOWN_DIFFERENCES[target.name][name];
    if (reason) vitestIt.skip(`${name} [not run on ${target.name}: ${reason}]`, fn);
    else vitestIt(name, fn);
  };
}

/** The reference File History: a temporary user profile, state folder and target folder per test. */
export const referenceTarget: FhTarget = {
  name: 'reference',
  unavailable: {},
  setup() {
    const root = mkdtempSync(join(tmpdir(), 'fh-conformance-'));
    const profileDir = join(root, 'profile');
    mkdirSync(join(profileDir, 'Documents'), { recursive: true });
    mkdirSync(join(root, 'target'));
    const fh = createReferenceFileHistory({ stateDir: join(root, 'state'), profileDir, user: 'alice', computer: 'PC1' });
    return {
      fh,
      target: join(root, 'target'),
      absentTarget: join(root, 'absent'),
      folderToExclude: join(profileDir, 'Documents', 'tmp'),
      stopService: () => fh.stopService(),
      async cleanup() {
        await fh.close();
        rmSync(root, { recursive: true, force: true });
      },
    };
  },
};

/**
 * The native target: fhsvcctl.dll and CLSID_FhConfigMgr of this Windows. koffi loads only here.
 * Checks first that File History exists: a client SKU (ProductOptions\ProductType WinNT),
 * fhsvcctl.dll in System32, and the fhsvc service.
 */
export async function nativeTarget(): Promise<FhTarget> {
  const { createNativeFileHistory } = await import('../../src/native/index.js');
  const missing = process.platform === 'win32' ? fileHistoryMissing() : undefined;
  // off Windows this throws the backend's platform error; on a Windows without File History it is not tried
  const fh = missing ? undefined : createNativeFileHistory();
  const configTarget = process.env.FH_CONFORMANCE_TARGET;
  const unavailable: Partial<Record<SuitePart, string>> = missing
    ? { service: missing, configReadOnly: missing, configuration: missing }
    : configTarget
      ? {}
      : {
          configuration:
            'these tests replace this user\'s File History configuration (CreateDefaultConfiguration(TRUE), SaveConfiguration) and start a backup of the user\'s libraries to the target: ' +
            'set FH_CONFORMANCE_TARGET to a drive or share File History may use (e.g. E:\\) to run them',
        };
  return {
    name: 'native',
    unavailable,
    setup() {
      if (!fh) throw new Error(`File History is not available: ${missing}`);
      return {
        fh,
        target: configTarget ?? '',
        absentTarget: unusedDriveLetter(),
        folderToExclude: win32.join(homedir(), 'Documents', 'winbackup-conformance-excluded'),
        async cleanup() {},
      };
    },
  };
}

/** Why File History is not on this machine, or undefined when it is. */
function fileHistoryMissing(): string | undefined {
  const productType = spawnSync('reg', ['query', 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\ProductOptions', '/v', 'ProductType'], { encoding: 'utf8' });
  const type = /ProductType\s+REG_SZ\s+(\S+)/.exec(productType.stdout ?? '')?.[1];
  if (type !== undefined && type !== 'WinNT') {
    return `File History exists only on client Windows; this is a server SKU (ProductType ${type})`;
  }
  const dll = win32.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'fhsvcctl.dll');
  if (!existsSync(dll)) return `File History exists only on client Windows; ${dll} is missing`;
  const service = spawnSync('sc.exe', ['query', 'fhsvc'], { encoding: 'utf8' });
  // 1060 = ERROR_SERVICE_DOES_NOT_EXIST
  if (service.status === 1060) return 'File History exists only on client Windows; the File History service (fhsvc) is not installed';
  return undefined;
}

/** A drive letter with no volume behind it, from Z: down. */
function unusedDriveLetter(): string {
  for (let c = 'Z'.charCodeAt(0); c > 'D'.charCodeAt(0); c--) {
    const name = `${String.fromCharCode(c)}:\\`;
    if (!existsSync(name)) return name;
  }
  throw new Error('every drive letter from E: to Z: is in use; the suite needs one that names nothing');
}
