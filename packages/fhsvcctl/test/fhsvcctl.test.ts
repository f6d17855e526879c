import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  E_HANDLE,
  ERROR_SERVICE_NOT_ACTIVE,
  FHCFG_E_CORRUPT_CONFIG_FILE,
  FHSVC_E_BACKUP_BLOCKED,
  FHSVC_E_CONFIG_DISABLED,
  FHSVC_E_CONFIG_DISABLED_GP,
  FHSVC_E_FATAL_CONFIG_ERROR,
  FHSVC_E_NOT_CONFIGURED,
  FH_STATE_NOT_TRACKED,
  FH_STATE_NO_ERROR,
  FH_STATE_OFF,
  FH_STATE_RUNNING,
  HRESULT_FROM_WIN32,
  isHResultError,
} from '@winbackup/errors';
import { writeFileSync } from 'node:fs';
import { FH_FREQUENCY, FH_STATUS_DISABLED, type FH_SERVICE_PIPE_HANDLE } from '../src/index.js';
import { configure, machine, write, type Machine } from './helpers.js';

let m: Machine;
afterEach(async () => {
  await m.cleanup();
});

async function status(mm: Machine): Promise<number> {
  const cfg = mm.fh.CoCreateFhConfigMgr();
  await cfg.LoadConfiguration();
  return (await cfg.QueryProtectionStatus()).ProtectionState;
}

describe('FhServiceOpenPipe / FhServiceClosePipe', () => {
  it('fails with the service stopped and FALSE, starts it with TRUE', async () => {
    m = machine({ serviceRunning: false });
    await expect(m.fh.FhServiceOpenPipe(false)).rejects.toMatchObject({ code: HRESULT_FROM_WIN32(ERROR_SERVICE_NOT_ACTIVE) });
    expect(m.fh.isServiceRunning()).toBe(false);
    const pipe = await m.fh.FhServiceOpenPipe(true);
    expect(m.fh.isServiceRunning()).toBe(true);
    expect(typeof pipe).toBe('object');
    await m.fh.FhServiceClosePipe(pipe);
  });

  it('rejects a closed pipe, a foreign pipe and a pipe from before a service restart with E_HANDLE', async () => {
    m = machine();
    const other = machine();
    try {
      const foreign = await other.fh.FhServiceOpenPipe(true);
      await expect(m.fh.FhServiceStartBackup(foreign, true)).rejects.toMatchObject({ code: E_HANDLE });
    } finally {
      await other.cleanup();
    }
    const pipe = await m.fh.FhServiceOpenPipe(true);
    await m.fh.FhServiceClosePipe(pipe);
    await expect(m.fh.FhServiceClosePipe(pipe)).rejects.toMatchObject({ code: E_HANDLE });
    await expect(m.fh.FhServiceBlockBackup(pipe)).rejects.toMatchObject({ code: E_HANDLE });
    const p2 = await m.fh.FhServiceOpenPipe(true);
    await m.fh.stopService();
    await expect(m.fh.FhServiceReloadConfiguration(p2)).rejects.toMatchObject({ code: E_HANDLE });
  });

  it('throws TypeError for wrong JS types before any state change', async () => {
    m = machine({ serviceRunning: false });
    await expect(m.fh.FhServiceOpenPipe(1 as unknown as boolean)).rejects.toBeInstanceOf(TypeError);
    expect(m.fh.isServiceRunning()).toBe(false);
    const pipe = await m.fh.FhServiceOpenPipe(true);
    await expect(m.fh.FhServiceStartBackup(pipe, 'yes' as unknown as boolean)).rejects.toBeInstanceOf(TypeError);
    await expect(m.fh.FhServiceStopBackup(42 as unknown as FH_SERVICE_PIPE_HANDLE, false)).rejects.toBeInstanceOf(TypeError);
    await expect(m.fh.FhServiceClosePipe(null as unknown as FH_SERVICE_PIPE_HANDLE)).rejects.toBeInstanceOf(TypeError);
    await m.fh.FhServiceClosePipe(pipe);
  });
});

describe('every pipe function in each service state', () => {
  const calls: Array<[string, (mm: Machine, p: FH_SERVICE_PIPE_HANDLE) => Promise<void>]> = [
    ['FhServiceClosePipe', (mm, p) => mm.fh.FhServiceClosePipe(p)],
    ['FhServiceStartBackup', (mm, p) => mm.fh.FhServiceStartBackup(p, true)],
    ['FhServiceStopBackup', (mm, p) => mm.fh.FhServiceStopBackup(p, false)],
    ['FhServiceReloadConfiguration', (mm, p) => mm.fh.FhServiceReloadConfiguration(p)],
    ['FhServiceBlockBackup', (mm, p) => mm.fh.FhServiceBlockBackup(p)],
    ['FhServiceUnblockBackup', (mm, p) => mm.fh.FhServiceUnblockBackup(p)],
  ];

  it.each(calls)('%s: S_OK on a running, configured service; E_HANDLE after the service stopped and after restart', async (_name, call) => {
    m = machine();
    write(join(m.docs, 'a.txt'), 'a');
    await configure(m);
    const live = await m.fh.FhServiceOpenPipe(false);
    await expect(call(m, live)).resolves.toBeUndefined();
    await m.fh.waitForIdle();
    const stale = await m.fh.FhServiceOpenPipe(false);
    await m.fh.stopService();
    await expect(call(m, stale)).rejects.toMatchObject({ code: E_HANDLE });
    await m.fh.startService();
    await expect(call(m, stale)).rejects.toMatchObject({ code: E_HANDLE });
    const fresh = await m.fh.FhServiceOpenPipe(false);
    await expect(call(m, fresh)).resolves.toBeUndefined();
    await m.fh.waitForIdle();
  });

  it('a StartBackup while a cycle runs is S_OK and starts no second cycle', async () => {
    const starts: number[] = [];
    m = machine({ chunkSize: 4096 });
    write(join(m.docs, 'big.bin'), Buffer.alloc(4 * 1024 * 1024, 3));
    m.reopen({ chunkSize: 4096, onEvent: (e) => e.type === 'cycle-start' && starts.push(e.backupSetTime) });
    await configure(m);
    const pipe = await m.fh.FhServiceOpenPipe(true);
    await m.fh.FhServiceStartBackup(pipe, true);
    await m.fh.FhServiceStartBackup(pipe, false);
    const r = await m.fh.waitForIdle();
    expect(starts.length).toBe(1);
    expect(r).toMatchObject({ stopped: false, lowPriorityIo: true, copied: [join(m.docs, 'big.bin')] });
  });
});

describe('FhServiceStartBackup refusals', () => {
  it('gives FHSVC_E_NOT_CONFIGURED with no configuration', async () => {
    m = machine();
    const pipe = await m.fh.FhServiceOpenPipe(true);
    await expect(m.fh.FhServiceStartBackup(pipe, true)).rejects.toMatchObject({ code: FHSVC_E_NOT_CONFIGURED });
    expect(await m.fh.waitForIdle()).toBeUndefined();
  });

  it('gives FHSVC_E_CONFIG_DISABLED for a disabled user, then runs once enabled and reloaded', async () => {
    m = machine();
    write(join(m.docs, 'a.txt'), 'a');
    await configure(m, false);
    const pipe = await m.fh.FhServiceOpenPipe(true);
    await expect(m.fh.FhServiceStartBackup(pipe, true)).rejects.toMatchObject({ code: FHSVC_E_CONFIG_DISABLED });
    const cfg = m.fh.CoCreateFhConfigMgr();
    await cfg.LoadConfiguration();
    await cfg.SetBackupStatus(2);
    await cfg.SaveConfiguration();
    // The service keeps its view until the configuration is reloaded.
    await expect(m.fh.FhServiceStartBackup(pipe, true)).rejects.toMatchObject({ code: FHSVC_E_CONFIG_DISABLED });
    await m.fh.FhServiceReloadConfiguration(pipe);
    await m.fh.FhServiceStartBackup(pipe, true);
    expect((await m.fh.waitForIdle())?.copied).toEqual([join(m.docs, 'a.txt')]);
  });

  it('gives FHSVC_E_CONFIG_DISABLED_GP under the Group Policy', async () => {
    m = machine({ disabledByPolicy: true });
    await configure(m);
    const pipe = await m.fh.FhServiceOpenPipe(true);
    await expect(m.fh.FhServiceStartBackup(pipe, true)).rejects.toMatchObject({ code: FHSVC_E_CONFIG_DISABLED_GP });
    expect(await m.fh.waitForIdle()).toBeUndefined(); // no cycle ran
    expect(await m.fh.runDueCycles()).toBe(false);
  });

  it('gives FHSVC_E_FATAL_CONFIG_ERROR when the configuration file is corrupt', async () => {
    m = machine();
    await configure(m);
    writeFileSync(join(m.stateDir, 'FileHistory', 'alice', 'Configuration', 'Config1.json'), '{ not json');
    const pipe = await m.fh.FhServiceOpenPipe(true);
    await expect(m.fh.FhServiceReloadConfiguration(pipe)).rejects.toMatchObject({ code: FHCFG_E_CORRUPT_CONFIG_FILE });
    await expect(m.fh.FhServiceStartBackup(pipe, true)).rejects.toMatchObject({ code: FHSVC_E_FATAL_CONFIG_ERROR });
    expect(await m.fh.waitForIdle()).toBeUndefined(); // no cycle ran
    expect(await status(m).catch((e: unknown) => e)).toMatchObject({ code: FHCFG_E_CORRUPT_CONFIG_FILE }); // LoadConfiguration refuses the file too
  });
});

describe('FhServiceBlockBackup / FhServiceUnblockBackup', () => {
  it('counts blocks per pipe across two pipes; closing a pipe drops its blocks', async () => {
    m = machine();
    write(join(m.docs, 'a.txt'), 'a');
    await configure(m);
    const p1 = await m.fh.FhServiceOpenPipe(true);
    const p2 = await m.fh.FhServiceOpenPipe(true);
    await m.fh.FhServiceBlockBackup(p1);
    await m.fh.FhServiceBlockBackup(p1);
    await m.fh.FhServiceBlockBackup(p2);
    const blocked = m.fh.FhServiceStartBackup(p2, true);
    await expect(blocked).rejects.toSatisfy((e) => isHResultError(e, FHSVC_E_BACKUP_BLOCKED));
    await m.fh.FhServiceUnblockBackup(p2);
    // p1 still holds two blocks
    await expect(m.fh.FhServiceStartBackup(p2, true)).rejects.toMatchObject({ code: FHSVC_E_BACKUP_BLOCKED });
    await m.fh.FhServiceUnblockBackup(p1);
    await expect(m.fh.FhServiceStartBackup(p2, true)).rejects.toMatchObject({ code: FHSVC_E_BACKUP_BLOCKED });
    // a scheduled cycle is refused the same way
    expect(await m.fh.runDueCycles()).toBe(false);
    expect(m.fh.lastScheduleError()).toBe(FHSVC_E_BACKUP_BLOCKED);
    await m.fh.FhServiceClosePipe(p1);
    await m.fh.FhServiceStartBackup(p2, true);
    const r = await m.fh.waitForIdle();
    expect(r?.copied).toEqual([join(m.docs, 'a.txt')]);
    expect(r?.stopped).toBe(false);
  });

  it('unblocking a pipe with no block is S_OK and leaves other pipes blocked', async () => {
    m = machine();
    await configure(m);
    const p1 = await m.fh.FhServiceOpenPipe(true);
    const p2 = await m.fh.FhServiceOpenPipe(true);
    await m.fh.FhServiceBlockBackup(p1);
    await m.fh.FhServiceUnblockBackup(p2);
    await expect(m.fh.FhServiceStartBackup(p2, true)).rejects.toMatchObject({ code: FHSVC_E_BACKUP_BLOCKED });
  });

  it('an Unblock with no block does not bank an unblock for a later block on the same pipe', async () => {
    m = machine();
    write(join(m.docs, 'a.txt'), 'a');
    await configure(m);
    const p1 = await m.fh.FhServiceOpenPipe(true);
    await m.fh.FhServiceUnblockBackup(p1);
    await m.fh.FhServiceUnblockBackup(p1);
    await m.fh.FhServiceBlockBackup(p1);
    await expect(m.fh.FhServiceStartBackup(p1, true)).rejects.toMatchObject({ code: FHSVC_E_BACKUP_BLOCKED });
    expect(await m.fh.waitForIdle()).toBeUndefined();
    await m.fh.FhServiceUnblockBackup(p1);
    await m.fh.FhServiceStartBackup(p1, true);
    expect((await m.fh.waitForIdle())?.copied).toEqual([join(m.docs, 'a.txt')]);
  });
});

describe('FhServiceStopBackup / FhServiceReloadConfiguration and tracking', () => {
  it('stop with nothing running is S_OK; StopTracking removes the user from scheduling until reload', async () => {
    m = machine();
    write(join(m.docs, 'a.txt'), 'a');
    await configure(m);
    const pipe = await m.fh.FhServiceOpenPipe(true);
    await m.fh.FhServiceStopBackup(pipe, false);
    expect(await status(m)).toBe(FH_STATE_NO_ERROR);
    await m.fh.FhServiceStopBackup(pipe, true);
    expect(await status(m)).toBe(FH_STATE_NOT_TRACKED);
    expect(await m.fh.runDueCycles()).toBe(false);
    // A manual cycle still runs while not tracked.
    await m.fh.FhServiceStartBackup(pipe, true);
    expect((await m.fh.waitForIdle())?.copied.length).toBe(1);
    m.clock.now += 10 * 3600_000;
    expect(await m.fh.runDueCycles()).toBe(false);
    await m.fh.FhServiceReloadConfiguration(pipe);
    expect(await status(m)).toBe(FH_STATE_NO_ERROR);
    expect(await m.fh.runDueCycles()).toBe(true);
    await m.fh.waitForIdle();
  });

  it('schedules periodic cycles FH_FREQUENCY seconds after the previous cycle ended', async () => {
    m = machine();
    write(join(m.docs, 'a.txt'), 'a');
    await configure(m);
    const cfg = m.fh.CoCreateFhConfigMgr();
    await cfg.LoadConfiguration();
    expect(await cfg.GetLocalPolicy(FH_FREQUENCY)).toBe(3600n);
    await cfg.SetLocalPolicy(FH_FREQUENCY, 600n);
    await cfg.SaveConfiguration();
    const pipe = await m.fh.FhServiceOpenPipe(true);
    await m.fh.FhServiceReloadConfiguration(pipe);
    expect(await m.fh.runDueCycles()).toBe(true); // never ran: due now
    const first = await m.fh.waitForIdle();
    expect(first?.lowPriorityIo).toBe(true);
    m.clock.now += 599_000;
    expect(await m.fh.runDueCycles()).toBe(false);
    m.clock.now += 1_000;
    expect(await m.fh.runDueCycles()).toBe(true);
    const second = await m.fh.waitForIdle();
    expect(second?.changed).toBe(0);
  });

  it('QueryProtectionStatus carries FH_STATE_RUNNING while a cycle runs', async () => {
    m = machine({ chunkSize: 4096 });
    write(join(m.docs, 'big.bin'), Buffer.alloc(8 * 1024 * 1024, 1));
    await configure(m);
    const pipe = await m.fh.FhServiceOpenPipe(true);
    await m.fh.FhServiceStartBackup(pipe, true);
    expect(await status(m)).toBe(FH_STATE_NO_ERROR | FH_STATE_RUNNING);
    await m.fh.FhServiceStopBackup(pipe, false);
    expect(await status(m)).toBe(FH_STATE_NO_ERROR);
    await m.fh.stopService();
    expect(await status(m)).toBe(FH_STATE_NOT_TRACKED);
  });

  it('disabling and reloading turns the state OFF; before the reload the service still backs up', async () => {
    m = machine();
    write(join(m.docs, 'a.txt'), 'a');
    await configure(m);
    const cfg = m.fh.CoCreateFhConfigMgr();
    await cfg.LoadConfiguration();
    await cfg.SetBackupStatus(FH_STATUS_DISABLED);
    await cfg.SaveConfiguration();
    const pipe = await m.fh.FhServiceOpenPipe(true);
    expect((await cfg.QueryProtectionStatus()).ProtectionState).toBe(FH_STATE_NO_ERROR);
    await m.fh.FhServiceStartBackup(pipe, true);
    expect((await m.fh.waitForIdle())?.copied).toEqual([join(m.docs, 'a.txt')]);
    await m.fh.FhServiceReloadConfiguration(pipe);
    expect((await cfg.QueryProtectionStatus()).ProtectionState).toBe(FH_STATE_OFF);
    await expect(m.fh.FhServiceStartBackup(pipe, true)).rejects.toMatchObject({ code: FHSVC_E_CONFIG_DISABLED });
    expect(await m.fh.runDueCycles()).toBe(false);
  });
});
