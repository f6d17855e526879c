// The reference File History service for one user on one machine: pipes, blocks counted per pipe,
// tracking, periodic scheduling, and the backup cycles themselves. State changes are synchronous;
// only the cycle's I/O is awaited (ARCHITECTURE.md). spec: filehistory/FhService*.md, SEMANTICS.md §1, §5.
import { closeSync, existsSync, mkdirSync, openSync, statSync, unlinkSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import {
  E_HANDLE,
  ERROR_SERVICE_NOT_ACTIVE,
  FHCFG_E_CORRUPT_CONFIG_FILE,
  FHCFG_E_TARGET_NOT_CONNECTED,
  FHSVC_E_BACKUP_BLOCKED,
  FHSVC_E_CONFIG_DISABLED,
  FHSVC_E_CONFIG_DISABLED_GP,
  FHSVC_E_CONFIG_REHYDRATING,
  FHSVC_E_FATAL_CONFIG_ERROR,
  FHSVC_E_NOT_CONFIGURED,
  HRESULT_FROM_WIN32,
  hresultError,
  isHResultError,
} from '@winbackup/errors';
import { FH_STATUS_DISABLED, FH_STATUS_DISABLED_BY_GP, FH_STATUS_ENABLED, FH_STATUS_REHYDRATING } from '../../api/enums.js';
import type { FH_SERVICE_PIPE_HANDLE } from '../../api/handles.js';
import type { VersionCatalog } from '../catalog/VersionCatalog.js';
import { configurationPath, readConfiguration, type FhConfiguration } from '../config/Configuration.js';
import { resolveScope, type ShellNamespace } from '../config/scope.js';
import { targetNamespace, type TargetNamespace } from '../layout/namespace.js';
import { fsyncDir, fsyncDirSync } from '../util/durable.js';
import { canonical } from '../util/paths.js';
import { requirePipe } from '../../validate/args.js';
import { runCycle } from './cycle.js';
import type { CycleReport, FhEvent } from './events.js';
import { recoverTarget } from './recovery.js';
import { FsyncPool } from '../util/FsyncPool.js';
import { ScanPool } from '@winbackup/tree-scan';
import { readServiceState, serviceStatePath, writeServiceState, type ServiceState } from './serviceState.js';

export interface ServiceOptions {
  readonly stateDir: string;
  readonly user: string;
  readonly computer: string;
  readonly clock: () => number;
  readonly shell: ShellNamespace;
  readonly chunkSize: number;
  readonly running: boolean;
  /** Group Policy "Turn off File History". */
  readonly disabledByPolicy: boolean;
  readonly onEvent: (e: FhEvent) => void;
  readonly openCatalog: (configurationDir: string) => Promise<VersionCatalog>;
}

interface PipeState {
  blocks: number;
}

interface OpenTarget {
  readonly url: string;
  readonly ns: TargetNamespace;
  readonly catalog: VersionCatalog;
}

const CYCLE_MARKER = 'CycleInProgress';
/** Extra fsync threads beside libuv's four: twelve fsyncs can wait at once. */
const FSYNC_THREADS = 8;
/**
 * Skip reasons that leave a file in scope without a current version. Reparse points, devices and
 * vanished files are not protected by File History at all, so they do not hold the time back.
 */
const UNPROTECTED: ReadonlySet<string> = new Set(['unreadable', 'unsafe-target-path', 'scan-failed']);
export const CLEANUP_MARKER = 'CleanupInProgress';

export class FileHistoryService {
  private running: boolean;
  private readonly pipes = new Map<object, PipeState>();
  private config: FhConfiguration | undefined;
  private configCorrupt = false;
  private tracked = false;
  private cycle: { ac: AbortController; promise: Promise<CycleReport> } | undefined;
  private target: OpenTarget | undefined;
  private opening: Promise<OpenTarget> | undefined;
  /**
   * Work a stopped cycle left to finish after it ended: removing its partial copy, then clearing the
   * crash marker. The next cycle, the next target open and waitForIdle wait for it.
   */
  private background: Promise<void> = Promise.resolve();
  private readonly statePath: string;
  /**
   * Scan threads (the role the USN journal plays on Windows, SEMANTICS.md §4): two where there are
   * cores for them, none (this thread) on a single core.
   */
  private readonly pool = new ScanPool(availableParallelism() > 1 ? 2 : 0);
  /** Threads that let more fsyncs wait at once (LowPriorityIo=FALSE), started on first use. */
  private readonly fsyncPool = new FsyncPool(FSYNC_THREADS);
  private state: ServiceState;
  lastReport: CycleReport | undefined;
  /** The HRESULT a scheduled cycle last got instead of running (e.g. FHSVC_E_BACKUP_BLOCKED). */
  lastScheduleError: number | undefined;

  constructor(readonly opts: ServiceOptions) {
    this.running = opts.running;
    this.statePath = serviceStatePath(opts.stateDir, opts.user);
    this.state = readServiceState(this.statePath);
    if (this.running) this.loadConfig();
  }

  // ---- service control (the Service Control Manager's part) ----

  isRunning(): boolean {
    return this.running;
  }

  startService(): void {
    if (this.running) return;
    this.running = true;
    this.loadConfig();
  }

  /** Stops the service: the running cycle is stopped, every pipe becomes invalid, blocks go. */
  async stopService(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.pipes.clear();
    this.tracked = false;
    await this.stopCycle();
    await this.background;
    await this.closeTarget();
    await this.pool.close();
    await this.fsyncPool.close();
  }

  /** Reads the user's configuration as the service sees it (at start and on reload). */
  private loadConfig(): void {
    try {
      this.config = readConfiguration(configurationPath(this.opts.stateDir, this.opts.user));
      this.configCorrupt = false;
    } catch (e) {
      if (!isHResultError(e, FHCFG_E_CORRUPT_CONFIG_FILE)) throw e;
      this.config = undefined;
      this.configCorrupt = true;
    }
    // SEMANTICS.md §1: a reload or a service start tracks an enabled, configured user again.
    this.tracked = !this.opts.disabledByPolicy && this.config !== undefined && this.config.status === FH_STATUS_ENABLED && this.config.target !== null;
  }

  // ---- pipes ----

  private pipeState(pipe: unknown, context: string): PipeState {
    const st = this.pipes.get(requirePipe(pipe, context));
    // A closed pipe, a pipe from before a service restart or another machine's pipe.
    if (st === undefined) throw hresultError(E_HANDLE, { context });
    return st;
  }

  openPipe(startServiceIfStopped: boolean): FH_SERVICE_PIPE_HANDLE {
    if (!this.running) {
      // spec: FhServiceOpenPipe.md gives no code; a stopped service is ERROR_SERVICE_NOT_ACTIVE (inferred).
      if (!startServiceIfStopped) throw hresultError(HRESULT_FROM_WIN32(ERROR_SERVICE_NOT_ACTIVE), { context: 'FhServiceOpenPipe' });
      this.startService();
    }
    const handle = Object.freeze(Object.create(null) as object);
    this.pipes.set(handle, { blocks: 0 });
    return handle as FH_SERVICE_PIPE_HANDLE;
  }

  /** spec: FhServiceClosePipe.md: closing cancels the blocks placed through this pipe. */
  closePipe(pipe: unknown): void {
    this.pipeState(pipe, 'FhServiceClosePipe');
    this.pipes.delete(pipe as object);
  }

  isBlocked(): boolean {
    for (const p of this.pipes.values()) if (p.blocks > 0) return true;
    return false;
  }

  /** The first reason a cycle cannot start for this user, or undefined. */
  private refusal(): number | undefined {
    if (this.configCorrupt) return FHSVC_E_FATAL_CONFIG_ERROR;
    const c = this.config;
    if (c === undefined || c.target === null) return FHSVC_E_NOT_CONFIGURED;
    if (this.opts.disabledByPolicy || c.status === FH_STATUS_DISABLED_BY_GP) return FHSVC_E_CONFIG_DISABLED_GP;
    if (c.status === FH_STATUS_DISABLED) return FHSVC_E_CONFIG_DISABLED;
    if (c.status === FH_STATUS_REHYDRATING) return FHSVC_E_CONFIG_REHYDRATING;
    if (this.isBlocked()) return FHSVC_E_BACKUP_BLOCKED;
    return undefined;
  }

  /** spec: FhServiceStartBackup.md: starts a cycle and returns without waiting for it. */
  startBackup(pipe: unknown, lowPriorityIo: boolean): void {
    this.pipeState(pipe, 'FhServiceStartBackup');
    const hr = this.refusal();
    if (hr !== undefined) throw hresultError(hr, { context: 'FhServiceStartBackup' });
    // A cycle already running is the requested backup (inferred): S_OK, no second cycle.
    if (this.cycle) return;
    this.beginCycle(lowPriorityIo);
  }

  /** spec: FhServiceStopBackup.md; SEMANTICS.md §5: S_OK when nothing runs. Resolves once the cycle has ended. */
  async stopBackup(pipe: unknown, stopTracking: boolean): Promise<void> {
    this.pipeState(pipe, 'FhServiceStopBackup');
    if (stopTracking) this.tracked = false;
    await this.stopCycle();
  }

  /** spec: FhServiceReloadConfiguration.md */
  async reload(pipe: unknown): Promise<void> {
    this.pipeState(pipe, 'FhServiceReloadConfiguration');
    const before = this.config?.target?.url;
    this.loadConfig();
    if (this.target && this.config?.target?.url !== before) {
      await this.stopCycle();
      await this.closeTarget();
    }
    if (this.configCorrupt) throw hresultError(FHCFG_E_CORRUPT_CONFIG_FILE, { context: 'FhServiceReloadConfiguration' });
  }

  /** spec: FhServiceBlockBackup.md. A running cycle is stopped too, so the target's files are free (SEMANTICS.md §1, inferred). */
  async block(pipe: unknown): Promise<void> {
    const st = this.pipeState(pipe, 'FhServiceBlockBackup');
    st.blocks++;
    await this.stopCycle();
  }

  /** spec: FhServiceUnblockBackup.md: removes one block placed through this pipe; none left is S_OK (inferred). */
  unblock(pipe: unknown): void {
    const st = this.pipeState(pipe, 'FhServiceUnblockBackup');
    if (st.blocks > 0) st.blocks--;
  }

  // ---- cycles ----

  isCycleRunning(): boolean {
    return this.cycle !== undefined;
  }

  isTracked(): boolean {
    return this.running && this.tracked;
  }

  isConfigCorrupt(): boolean {
    return this.configCorrupt;
  }

  protectedUntil(): number | null {
    return this.state.protectedUntil;
  }

  lastCycleEnd(): number | null {
    return this.state.lastCycleEnd;
  }

  /** Resolves when no cycle runs, with the last cycle's report. */
  async waitForIdle(): Promise<CycleReport | undefined> {
    while (this.cycle) await this.cycle.promise;
    await this.background;
    return this.lastReport;
  }

  private async stopCycle(): Promise<void> {
    const c = this.cycle;
    if (!c) return;
    c.ac.abort();
    await c.promise;
  }

  /**
   * Periodic scheduling: starts a low-priority cycle when FH_FREQUENCY seconds have passed since
   * the previous cycle ended (SEMANTICS.md §3). The host calls this (Windows uses its scheduler).
   */
  runDueCycles(): boolean {
    if (!this.running || !this.tracked || this.cycle) return false;
    const c = this.config;
    if (!c || this.opts.disabledByPolicy || c.status !== FH_STATUS_ENABLED || c.target === null) return false;
    const last = this.state.lastCycleEnd;
    if (last !== null && this.opts.clock() < last + c.policy.frequency * 1000) return false;
    if (this.isBlocked()) {
      this.lastScheduleError = FHSVC_E_BACKUP_BLOCKED;
      return false;
    }
    this.lastScheduleError = undefined;
    this.beginCycle(true);
    return true;
  }

  private beginCycle(lowPriorityIo: boolean): void {
    const ac = new AbortController();
    const promise = this.cycleBody(ac, lowPriorityIo).finally(() => {
      this.cycle = undefined;
    });
    this.cycle = { ac, promise };
  }

  /** The target and its catalog, opened once; recovers after a crash when a marker was left. */
  async openTarget(): Promise<OpenTarget> {
    const t = this.config?.target;
    if (!t) throw hresultError(FHSVC_E_NOT_CONFIGURED, { context: 'File History target' });
    if (this.target && this.target.url === t.url) return this.target;
    if (this.opening) return this.opening;
    this.opening = (async () => {
      await this.background;
      await this.closeTarget();
      const dir = canonical(t.url);
      if (!existsSync(dir) || !statSync(dir).isDirectory()) throw hresultError(FHCFG_E_TARGET_NOT_CONNECTED, { context: `File History target ${dir} is not a folder that exists` });
      const ns = targetNamespace(dir, this.opts.user, this.opts.computer);
      mkdirSync(ns.configurationDir, { recursive: true });
      mkdirSync(ns.dataDir, { recursive: true });
      // The namespace folders' names must be durable before any version below them is committed.
      for (const d of [dir, join(dir, 'FileHistory'), dirname(ns.root), ns.root]) fsyncDirSync(d);
      const catalog = await this.opts.openCatalog(ns.configurationDir);
      const opened = { url: t.url, ns, catalog };
      this.target = opened;
      await this.recoverIfNeeded(opened);
      return opened;
    })().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private async recoverIfNeeded(t: OpenTarget): Promise<void> {
    const markers = [CYCLE_MARKER, CLEANUP_MARKER].map((m) => join(t.ns.configurationDir, m)).filter((m) => existsSync(m));
    if (markers.length === 0) return;
    const r = await recoverTarget(t.ns.dataDir, t.catalog);
    this.opts.onEvent({ type: 'recovery', ...r });
    for (const m of markers) unlinkSync(m);
    fsyncDirSync(t.ns.configurationDir);
  }

  private async closeTarget(): Promise<void> {
    const t = this.target;
    this.target = undefined;
    if (t) await t.catalog.close();
  }

  /** An empty file whose existence says "recover before trusting Data"; made durable by the folder fsync. */
  setMarker(t: OpenTarget, name: string): void {
    closeSync(openSync(join(t.ns.configurationDir, name), 'w'));
    fsyncDirSync(t.ns.configurationDir);
  }

  /** setMarker with the folder's fsync off this thread: a cycle's scan goes on while it waits. */
  async setMarkerAsync(t: OpenTarget, name: string): Promise<void> {
    closeSync(openSync(join(t.ns.configurationDir, name), 'w'));
    await fsyncDir(t.ns.configurationDir);
  }

  /** Not fsync'd: if a crash brings the marker back, recovery merely checks a target that is already consistent. */
  clearMarker(t: OpenTarget, name: string): void {
    unlinkSync(join(t.ns.configurationDir, name));
  }

  private async cycleBody(ac: AbortController, lowPriorityIo: boolean): Promise<CycleReport> {
    // Versions of one cycle share one stamp; keep stamps strictly increasing between cycles.
    const now = this.opts.clock();
    let backupSetTime = Math.floor(now / 1000) * 1000;
    let report: CycleReport;
    try {
      await this.background;
      const t = await this.openTarget();
      let prev = this.state.lastBackupSetTime ?? 0;
      for (const r of t.catalog.latest().values()) if (r.versionTime > prev) prev = r.versionTime;
      backupSetTime = Math.max(backupSetTime, prev + 1000);
      const config = this.config!;
      let marked = false;
      const discards: Promise<void>[] = [];
      report = await runCycle({
        scope: resolveScope(config, this.opts.shell),
        ns: t.ns,
        catalog: t.catalog,
        backupSetTime,
        signal: ac.signal,
        lowPriorityIo,
        chunkSize: this.opts.chunkSize,
        skipDirs: [canonical(config.target!.url), canonical(this.opts.stateDir)],
        now: this.opts.clock,
        pool: this.pool,
        fsyncPool: this.fsyncPool,
        emit: this.opts.onEvent,
        beforeFirstWrite: () => {
          const made = this.setMarkerAsync(t, CYCLE_MARKER);
          marked = true;
          return made;
        },
        discard: (remove) => discards.push(remove()),
      });
      if (discards.length === 0) {
        if (marked) this.clearMarker(t, CYCLE_MARKER);
      } else {
        // The cycle has ended; its partial copies go in the background. Until they are gone the
        // marker stays, so a crash in between is cleaned up by recovery.
        this.background = Promise.all(discards)
          .then(() => {
            if (marked) this.clearMarker(t, CYCLE_MARKER);
          })
          .catch(() => undefined); // the marker stays: recovery finishes the job at the next open
      }
    } catch (e) {
      const code = isHResultError(e) ? e.code : FHSVC_E_FATAL_CONFIG_ERROR;
      if (!isHResultError(e)) this.opts.onEvent({ type: 'file-skipped', skipped: { path: '', reason: 'cycle-failed', message: (e as Error).message } });
      const t = this.opts.clock();
      report = { backupSetTime, startedAt: now, endedAt: t, lowPriorityIo, scanned: 0, changed: 0, copied: [], skipped: [], stopped: ac.signal.aborted, error: code };
    }
    const ended = this.opts.clock();
    this.state = {
      lastCycleEnd: ended,
      lastBackupSetTime: report.copied.length > 0 || report.error === undefined ? backupSetTime : this.state.lastBackupSetTime,
      // A file is protected up to T once a version captured at or after T is on the target, and
      // ProtectedUntilTime holds for every file in scope (SEMANTICS.md §2,
      // IFhConfigMgr-QueryProtectionStatus.md): a stopped cycle, or one that could not copy a file
      // still in scope, leaves it where it was.
      protectedUntil: !report.stopped && report.error === undefined && !report.skipped.some((f) => UNPROTECTED.has(f.reason)) ? backupSetTime : this.state.protectedUntil,
    };
    // Persisted after the cycle has ended, off the stop path: right after a large partial copy an
    // fsync can wait for the file system to write back that data. The next cycle, waitForIdle and
    // stopService wait for it; stamps stay unique after a crash because they also follow the catalog.
    const snapshot = this.state;
    this.background = this.background.then(() => writeServiceState(this.statePath, snapshot)).catch(() => undefined);
    this.lastReport = report;
    this.opts.onEvent({ type: 'cycle-end', report });
    return report;
  }

  currentConfig(): FhConfiguration | undefined {
    return this.config;
  }
}
