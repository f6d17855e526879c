// The reference File History for one user on one machine: the fhsvcctl functions, FhConfigMgr
// objects, and what File History users also need (version listing, restore, FhManagew cleanup).
import { mkdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ERROR_SERVICE_NOT_ACTIVE, FHSVC_E_NOT_CONFIGURED, HRESULT_FROM_WIN32, hresultError } from '@winbackup/errors';
import type { IFhConfigMgr } from '../api/fhcfg.js';
import type { FileHistoryApi } from '../api/fileHistory.js';
import type { FH_SERVICE_PIPE_HANDLE } from '../api/handles.js';
import { versionsUnder } from './catalog/query.js';
import { openCatalog } from './catalog/openCatalog.js';
import type { VersionCatalog, VersionRecord } from './catalog/VersionCatalog.js';
import { FhConfigMgr } from './config/FhConfigMgr.js';
import { createShellNamespace, resolveScope } from './config/scope.js';
import { isSafeComponent } from './layout/namespace.js';
import { deleteVersions, versionsToClean } from './retention.js';
import { restoreAsOf, type RestoredFile } from './restore.js';
import type { CycleReport, FhEvent } from './service/events.js';
import { CLEANUP_MARKER, FileHistoryService } from './service/FileHistoryService.js';
import { requireBool, requireDays, requirePipe, requireString } from '../validate/args.js';
import { canonical } from './util/paths.js';

/** Options of {@link createReferenceFileHistory}. */
export interface ReferenceFileHistoryOptions {
  /** Where the service keeps the user's configuration and its own state. */
  readonly stateDir: string;
  /** Milliseconds since 1970 UTC; defaults to Date.now. Version stamps and FH_FREQUENCY use it. */
  readonly clock?: () => number;
  /** The user name: the namespace on the target is FileHistory/<user>/<computer>. */
  readonly user: string;
  /** The computer name: the namespace on the target is FileHistory/<user>/<computer>. */
  readonly computer: string;
  /** The user's profile: known folders (Desktop, Contacts, Favorites) and the default libraries' folders live here. Default <stateDir>/Users/<user>. */
  readonly profileDir?: string;
  /** Library folders: a key is `*` + a library KNOWNFOLDERID or a custom library name. */
  readonly libraries?: Readonly<Record<string, readonly string[]>>;
  /** Whether the service is running when created (default true). */
  readonly serviceRunning?: boolean;
  /** Group Policy "Turn off File History" (default false). */
  readonly disabledByPolicy?: boolean;
  /** Copy chunk size in bytes (default 1 MiB): StopBackup takes effect between chunks. */
  readonly chunkSize?: number;
  /** Receives the service's progress and per-file reports. */
  readonly onEvent?: (e: FhEvent) => void;
}

/** A version as listed for a user: the catalog row plus the version file's full path. */
export interface FileVersion extends VersionRecord {
  readonly versionPath: string;
}

/**
 * The reference File History of one user on one machine: the fhsvcctl functions, IFhConfigMgr
 * objects, the service's start and stop and scheduler tick, and what File History users also need
 * (version listing, restore, FhManagew cleanup).
 */
export interface ReferenceFileHistory extends FileHistoryApi {
  /** The Service Control Manager starting the service (a no-op when it runs). */
  startService(): Promise<void>;
  /** The Service Control Manager stopping the service: a running cycle is stopped, every pipe becomes invalid (E_HANDLE) and every block is dropped. */
  stopService(): Promise<void>;
  /** Whether the service runs. */
  isServiceRunning(): boolean;
  /**
   * The scheduler's tick: starts a low-priority cycle if FH_FREQUENCY seconds have passed since the
   * last one ended. A block makes it skip the cycle (lastScheduleError() then gives FHSVC_E_BACKUP_BLOCKED).
   * @returns whether a cycle was started.
   */
  runDueCycles(): Promise<boolean>;
  /** The HRESULT the last scheduled cycle got instead of running (FHSVC_E_BACKUP_BLOCKED), if any. */
  lastScheduleError(): number | undefined;
  /** Resolves when no cycle is running, with the last cycle's report. */
  waitForIdle(): Promise<CycleReport | undefined>;
  /**
   * Versions of a file, or of every file under a folder, oldest first.
   * @throws FHSVC_E_NOT_CONFIGURED when no target is configured; HRESULT_FROM_WIN32(ERROR_SERVICE_NOT_ACTIVE) when the service is stopped.
   * @throws TypeError for a relative path.
   */
  listVersions(path: string): Promise<FileVersion[]>;
  /**
   * Restores the versions in force at `asOf` of a file or folder into `destination` (a folder
   * restores as `destination/<folder name>/...`).
   * @returns the files written.
   * @throws HRESULT_FROM_WIN32(ERROR_NOT_FOUND) when nothing under `path` had a version at `asOf`.
   * @throws FHSVC_E_NOT_CONFIGURED when no target is configured; HRESULT_FROM_WIN32(ERROR_SERVICE_NOT_ACTIVE) when the service is stopped.
   * @throws TypeError for relative paths or a bad time.
   */
  restore(path: string, asOf: Date | number, destination: string): Promise<RestoredFile[]>;
  /**
   * FhManagew.exe -cleanup <days>: deletes versions older than `days` days that a newer version
   * replaces or whose file left the protection scope.
   * @returns the number of versions deleted.
   * @throws FHSVC_E_NOT_CONFIGURED when no target is configured; HRESULT_FROM_WIN32(ERROR_SERVICE_NOT_ACTIVE) when the service is stopped.
   */
  cleanup(days: number): Promise<number>;
  /**
   * The catalog database: <target>/FileHistory/<user>/<computer>/Configuration/Catalog1.edb.
   * @throws FHSVC_E_NOT_CONFIGURED when no target is configured; HRESULT_FROM_WIN32(ERROR_SERVICE_NOT_ACTIVE) when the service is stopped.
   */
  catalogPath(): Promise<string>;
  /** Stops the service and releases its files (the catalog); for explicit shutdown. */
  close(): Promise<void>;
  /**
   * Adds a listener for the service's events (besides `options.onEvent`); returns the function
   * that removes it. runBackupCycle reports progress through it.
   */
  subscribe(listener: (e: FhEvent) => void): () => void;
}

function formatProtectedUntil(ms: number): string {
  return new Date(ms).toLocaleString('en-US', { timeZone: 'UTC' });
}

/**
 * Creates the reference File History service for one user: `stateDir` (absolute) keeps the
 * configuration and the service's state, `profileDir` holds the user's known folders and default
 * libraries. The service starts running unless `serviceRunning: false`.
 * @throws TypeError for a missing or relative stateDir, a missing user or computer, or a bad option.
 * @see https://learn.microsoft.com/en-us/windows/win32/api/fhsvcctl/
 */
export function createReferenceFileHistory(options: ReferenceFileHistoryOptions): ReferenceFileHistory {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  const stateDir = requireString(options.stateDir, 'stateDir');
  const user = requireString(options.user, 'user');
  const computer = requireString(options.computer, 'computer');
  if (!isAbsolute(stateDir)) throw new TypeError('stateDir must be an absolute path');
  if (!isSafeComponent(user) || !isSafeComponent(computer)) throw new TypeError('user and computer must be single path components');
  const clock = options.clock ?? Date.now;
  if (typeof clock !== 'function') throw new TypeError('clock must be a function returning milliseconds');
  const chunkSize = options.chunkSize ?? 1024 * 1024;
  if (!Number.isInteger(chunkSize) || chunkSize < 4096) throw new TypeError('chunkSize must be an integer >= 4096');
  const profileDir = canonical(options.profileDir ?? join(stateDir, 'Users', user));
  const shell = createShellNamespace(profileDir, options.libraries ?? {});
  const disabledByPolicy = options.disabledByPolicy ?? false;
  const listeners = new Set<(e: FhEvent) => void>();
  const onEvent = (e: FhEvent): void => {
    options.onEvent?.(e);
    for (const l of [...listeners]) l(e);
  };
  mkdirSync(stateDir, { recursive: true });

  const service = new FileHistoryService({
    stateDir: canonical(stateDir),
    user,
    computer,
    clock,
    shell,
    chunkSize,
    running: options.serviceRunning ?? true,
    disabledByPolicy,
    onEvent,
    openCatalog,
  });

  const target = async (context: string): Promise<{ dataDir: string; catalog: VersionCatalog }> => {
    // Versions are reached through the service, as the File History app does.
    if (!service.isRunning()) throw hresultError(HRESULT_FROM_WIN32(ERROR_SERVICE_NOT_ACTIVE), { context });
    if (!service.currentConfig()?.target) throw hresultError(FHSVC_E_NOT_CONFIGURED, { context });
    const t = await service.openTarget();
    return { dataDir: t.ns.dataDir, catalog: t.catalog };
  };

  return {
    async FhServiceOpenPipe(StartServiceIfStopped: boolean): Promise<FH_SERVICE_PIPE_HANDLE> {
      return service.openPipe(requireBool(StartServiceIfStopped, 'StartServiceIfStopped'));
    },
    async FhServiceClosePipe(Pipe: FH_SERVICE_PIPE_HANDLE): Promise<void> {
      service.closePipe(Pipe);
    },
    async FhServiceStartBackup(Pipe: FH_SERVICE_PIPE_HANDLE, LowPriorityIo: boolean): Promise<void> {
      requirePipe(Pipe, 'FhServiceStartBackup');
      service.startBackup(Pipe, requireBool(LowPriorityIo, 'LowPriorityIo'));
    },
    async FhServiceStopBackup(Pipe: FH_SERVICE_PIPE_HANDLE, StopTracking: boolean): Promise<void> {
      requirePipe(Pipe, 'FhServiceStopBackup');
      await service.stopBackup(Pipe, requireBool(StopTracking, 'StopTracking'));
    },
    async FhServiceReloadConfiguration(Pipe: FH_SERVICE_PIPE_HANDLE): Promise<void> {
      await service.reload(Pipe);
    },
    async FhServiceBlockBackup(Pipe: FH_SERVICE_PIPE_HANDLE): Promise<void> {
      await service.block(Pipe);
    },
    async FhServiceUnblockBackup(Pipe: FH_SERVICE_PIPE_HANDLE): Promise<void> {
      service.unblock(Pipe);
    },
    CoCreateFhConfigMgr(): IFhConfigMgr {
      return new FhConfigMgr({ stateDir: canonical(stateDir), user, computer, shell, service, disabledByPolicy, formatTime: formatProtectedUntil });
    },
    async startService(): Promise<void> {
      service.startService();
    },
    stopService: () => service.stopService(),
    isServiceRunning: () => service.isRunning(),
    async runDueCycles(): Promise<boolean> {
      return service.runDueCycles();
    },
    lastScheduleError: () => service.lastScheduleError,
    waitForIdle: () => service.waitForIdle(),
    async listVersions(path: string): Promise<FileVersion[]> {
      const p = requireString(path, 'path');
      if (!isAbsolute(p)) throw new TypeError('path must be absolute');
      const { dataDir, catalog } = await target('listVersions');
      return versionsUnder(catalog.list(), canonical(p)).map((r) => ({ ...r, versionPath: join(dataDir, ...r.storedPath.split('/')) }));
    },
    async restore(path: string, asOf: Date | number, destination: string): Promise<RestoredFile[]> {
      const p = requireString(path, 'path');
      const d = requireString(destination, 'destination');
      const t = asOf instanceof Date ? asOf.getTime() : asOf;
      if (typeof t !== 'number' || !Number.isFinite(t)) throw new TypeError('asOf must be a Date or a time in ms');
      if (!isAbsolute(p) || !isAbsolute(d)) throw new TypeError('path and destination must be absolute');
      const { dataDir, catalog } = await target('restore');
      return restoreAsOf(catalog.list(), dataDir, p, t, d, chunkSize);
    },
    async cleanup(days: number): Promise<number> {
      const n = requireDays(days, 'days');
      if (n < 0) throw new TypeError('days must be 0 or more');
      const { catalog } = await target('cleanup');
      const t = await service.openTarget();
      const scope = resolveScope(service.currentConfig()!, shell);
      const doomed = versionsToClean(catalog.list(), scope, n, clock());
      if (doomed.length === 0) return 0;
      service.setMarker(t, CLEANUP_MARKER);
      await deleteVersions(catalog, t.ns.dataDir, doomed);
      service.clearMarker(t, CLEANUP_MARKER);
      return doomed.length;
    },
    async catalogPath(): Promise<string> {
      return (await target('catalogPath')).catalog.path;
    },
    async close(): Promise<void> {
      await service.stopService();
    },
    subscribe(listener: (e: FhEvent) => void): () => void {
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      const l = (e: FhEvent): void => listener(e);
      listeners.add(l);
      return () => void listeners.delete(l);
    },
  };
}
