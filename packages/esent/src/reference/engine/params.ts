// System parameters the reference engine honours (spec: JetSetSystemParameter.md,
// SystemParameters.md, TransactionLogParameters.md, DatabaseParameters.md): their kind, default,
// valid range and whether they may change once the instance (or any instance) is initialised.
import {
  JET_paramBaseName,
  JET_paramCheckpointDepthMax,
  JET_paramCircularLog,
  JET_paramCreatePathIfNotExist,
  JET_paramDatabasePageSize,
  JET_paramLogFilePath,
  JET_paramLogFileSize,
  JET_paramMaxInstances,
  JET_paramMaxSessions,
  JET_paramMaxOpenTables,
  JET_paramMaxCursors,
  JET_paramMaxVerPages,
  JET_paramRecovery,
  JET_paramSystemPath,
  JET_paramTempPath,
  JET_paramLogBuffers,
  JET_paramCommitDefault,
  JET_paramEnableOnlineDefrag,
  JET_paramEventSource,
  JET_paramNoInformationEvent,
  JET_paramEventLoggingLevel,
  JET_paramDeleteOutOfRangeLogs,
  JET_paramOSSnapshotTimeout,
  JET_paramCacheSizeMax,
  JET_paramCacheSizeMin,
  JET_paramLegacyFileNames,
  JET_paramOneDatabasePerSession,
  JET_paramMaxTemporaryTables,
  JET_paramDbExtensionSize,
  JET_paramEnableIndexChecking,
  JET_paramExceptionAction,
  JET_paramLogCheckpointPeriod,
  JET_paramWaitLogFlush,
  JET_paramCleanupMismatchedLogFiles,
  JET_paramDeleteOldLogs,
  JET_paramEnableIndexCleanup,
  JET_paramPageTempDBMin,
} from '../../api/constants.js';

export interface ParamSpec {
  readonly id: number;
  readonly kind: 'num' | 'str';
  readonly defNum?: number;
  readonly defStr?: string;
  readonly min?: number;
  readonly max?: number;
  /** 'instance': fixed once that instance is initialised; 'global': fixed once any instance is. */
  readonly scope: 'instance' | 'global' | 'dynamic';
}

const P = (spec: ParamSpec): [number, ParamSpec] => [spec.id, spec];

export const PARAMS = new Map<number, ParamSpec>([
  P({ id: JET_paramSystemPath, kind: 'str', defStr: '.\\', scope: 'instance' }),
  P({ id: JET_paramTempPath, kind: 'str', defStr: '.\\', scope: 'instance' }),
  P({ id: JET_paramLogFilePath, kind: 'str', defStr: '.\\', scope: 'instance' }),
  P({ id: JET_paramBaseName, kind: 'str', defStr: 'edb', scope: 'instance' }),
  P({ id: JET_paramEventSource, kind: 'str', defStr: '', scope: 'instance' }),
  P({ id: JET_paramRecovery, kind: 'str', defStr: 'On', scope: 'instance' }),
  // LogFileSize in KiB: default 5120, range 64-32768 on Vista and later (SEMANTICS.md §4)
  P({ id: JET_paramLogFileSize, kind: 'num', defNum: 5120, min: 64, max: 32768, scope: 'instance' }),
  P({ id: JET_paramCircularLog, kind: 'num', defNum: 0, min: 0, max: 1, scope: 'instance' }),
  P({ id: JET_paramDatabasePageSize, kind: 'num', defNum: 8192, scope: 'global' }),
  P({ id: JET_paramCreatePathIfNotExist, kind: 'num', defNum: 0, min: 0, max: 1, scope: 'instance' }),
  P({ id: JET_paramMaxInstances, kind: 'num', defNum: 16, min: 1, max: 1024, scope: 'global' }),
  P({ id: JET_paramMaxSessions, kind: 'num', defNum: 128, min: 1, max: 30000, scope: 'instance' }),
  P({ id: JET_paramMaxOpenTables, kind: 'num', defNum: 300, min: 1, scope: 'instance' }),
  P({ id: JET_paramMaxCursors, kind: 'num', defNum: 1024, min: 1, scope: 'instance' }),
  P({ id: JET_paramMaxVerPages, kind: 'num', defNum: 64, min: 1, scope: 'instance' }),
  P({ id: JET_paramMaxTemporaryTables, kind: 'num', defNum: 20, min: 0, scope: 'instance' }),
  P({ id: JET_paramLogBuffers, kind: 'num', defNum: 126, min: 1, scope: 'instance' }),
  P({ id: JET_paramWaitLogFlush, kind: 'num', defNum: 0, min: 0, scope: 'dynamic' }),
  P({ id: JET_paramLogCheckpointPeriod, kind: 'num', defNum: 1024, min: 0, scope: 'dynamic' }),
  P({ id: JET_paramCommitDefault, kind: 'num', defNum: 0, min: 0, scope: 'dynamic' }),
  P({ id: JET_paramCheckpointDepthMax, kind: 'num', defNum: 20 * 1024 * 1024, min: 0, scope: 'dynamic' }),
  P({ id: JET_paramEnableOnlineDefrag, kind: 'num', defNum: 1, min: 0, scope: 'dynamic' }),
  P({ id: JET_paramNoInformationEvent, kind: 'num', defNum: 0, min: 0, max: 1, scope: 'dynamic' }),
  P({ id: JET_paramEventLoggingLevel, kind: 'num', defNum: 0x7fffffff, min: 0, scope: 'dynamic' }),
  P({ id: JET_paramDeleteOutOfRangeLogs, kind: 'num', defNum: 0, min: 0, max: 1, scope: 'instance' }),
  P({ id: JET_paramDeleteOldLogs, kind: 'num', defNum: 0, min: 0, max: 1, scope: 'instance' }),
  P({ id: JET_paramCleanupMismatchedLogFiles, kind: 'num', defNum: 0, min: 0, max: 1, scope: 'instance' }),
  P({ id: JET_paramEnableIndexChecking, kind: 'num', defNum: 0, min: 0, max: 1, scope: 'dynamic' }),
  P({ id: JET_paramEnableIndexCleanup, kind: 'num', defNum: 1, min: 0, max: 1, scope: 'dynamic' }),
  P({ id: JET_paramOSSnapshotTimeout, kind: 'num', defNum: 20000, min: 0, scope: 'dynamic' }),
  P({ id: JET_paramCacheSizeMax, kind: 'num', defNum: 0x7fffffff, min: 1, scope: 'dynamic' }),
  P({ id: JET_paramCacheSizeMin, kind: 'num', defNum: 0, min: 0, scope: 'dynamic' }),
  P({ id: JET_paramLegacyFileNames, kind: 'num', defNum: 3, min: 0, max: 3, scope: 'instance' }),
  P({ id: JET_paramOneDatabasePerSession, kind: 'num', defNum: 0, min: 0, max: 1, scope: 'instance' }),
  P({ id: JET_paramDbExtensionSize, kind: 'num', defNum: 256, min: 1, scope: 'dynamic' }),
  P({ id: JET_paramExceptionAction, kind: 'num', defNum: 1, min: 0, scope: 'dynamic' }),
  P({ id: JET_paramPageTempDBMin, kind: 'num', defNum: 0, min: 0, scope: 'instance' }),
]);

/** Page sizes ESENT accepts for JET_paramDatabasePageSize. */
export const VALID_PAGE_SIZES = [2048, 4096, 8192, 16384, 32768];

export class ParamStore {
  private readonly nums = new Map<number, number>();
  private readonly strs = new Map<number, string>();

  clone(): ParamStore {
    const p = new ParamStore();
    for (const [k, v] of this.nums) p.nums.set(k, v);
    for (const [k, v] of this.strs) p.strs.set(k, v);
    return p;
  }

  num(id: number): number {
    return this.nums.get(id) ?? PARAMS.get(id)?.defNum ?? 0;
  }

  str(id: number): string {
    return this.strs.get(id) ?? PARAMS.get(id)?.defStr ?? '';
  }

  setNum(id: number, v: number): void {
    this.nums.set(id, v);
  }

  setStr(id: number, v: string): void {
    this.strs.set(id, v);
  }
}
