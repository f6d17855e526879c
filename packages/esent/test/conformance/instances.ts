import {
  JET_errAlreadyInitialized,
  JET_errBufferTooSmall,
  JET_errClientRequestToStopJetService,
  JET_errInstanceNameInUse,
  JET_errInvalidGrbit,
  JET_errInvalidParameter,
  JET_errInvalidSesid,
  JET_errNotInitialized,
  JET_errRunningInMultiInstanceMode,
  JET_errRunningInOneInstanceMode,
  JET_errTooManyActiveUsers,
  JET_errTooManyInstances,
  JET_errInvalidLogDirectory,
} from '@winbackup/errors';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import {
  JET_bitStopServiceResume,
  JET_bitTermComplete,
  type JET_INSTANCE,
  JET_paramBaseName,
  JET_paramCreatePathIfNotExist,
  JET_paramDatabasePageSize,
  JET_paramLogFilePath,
  JET_paramLogFileSize,
  JET_paramMaxInstances,
  JET_paramSystemPath,
  type EsentApi,
} from '../../src/index.js';
import { code, useTempRoot, type TempRoot } from '../helpers.js';
import type { ConformanceIt, EsentTarget } from './target.js';

/** Instance modes, parameters, sessions, stop and term (SEMANTICS.md §1): what esent.dll does. */
export function instanceConformance(target: EsentTarget, it: ConformanceIt): void {
  describe('instances', () => {
    let root: TempRoot;
    let api: EsentApi;
    useTempRoot((r) => {
      root = r;
      api = target.create(r.dir);
    });

    it('rejects wrong JS types with TypeError before any state change', async () => {
      await expect(api.JetCreateInstance(42 as unknown as string)).rejects.toBeInstanceOf(TypeError);
      await expect(api.JetBeginSession('x' as unknown as JET_INSTANCE, null, null)).rejects.toBeInstanceOf(TypeError);
      await expect(api.JetSetSystemParameter(null, null, JET_paramLogFileSize, 1.5, null)).rejects.toBeInstanceOf(TypeError);
      // nothing was created: a legacy JetInit still works in one-instance mode
      expect(await api.JetInit(null)).toBe(0);
    });

    it('multi-instance mode rejects the legacy one-instance calls and vice versa', async () => {
      const inst = await api.JetCreateInstance('a');
      expect(await code(api.JetInit(null))).toBe(JET_errRunningInMultiInstanceMode);
      expect(await code(api.JetStopService())).toBe(JET_errRunningInMultiInstanceMode);
      await api.JetTerm(inst);

      const api2 = target.create(root.dir);
      expect(await code(api2.JetStopService())).toBe(JET_errInvalidParameter);
      await api2.JetInit(null);
      expect(await code(api2.JetCreateInstance('b'))).toBe(JET_errRunningInOneInstanceMode);
      expect(await code(api2.JetEnableMultiInstance([], 0))).toBe(JET_errRunningInOneInstanceMode);
      expect(await code(api2.JetInit(null))).toBe(JET_errAlreadyInitialized);
      await api2.JetTerm(0 as JET_INSTANCE);
      // after the one instance terminates, multi-instance mode may start
      const b = await api2.JetCreateInstance('b');
      await api2.JetTerm(b);
    });

    it('names are unique, the count is bounded by JET_paramMaxInstances', async () => {
      await api.JetSetSystemParameter(null, null, JET_paramMaxInstances, 2, null);
      await api.JetCreateInstance('a');
      expect(await code(api.JetCreateInstance('a'))).toBe(JET_errInstanceNameInUse);
      await api.JetCreateInstance('b');
      expect(await code(api.JetCreateInstance('c'))).toBe(JET_errTooManyInstances);
      expect(await code(api.JetCreateInstance2('d', null, 1))).toBe(JET_errInvalidParameter);
    });

    it('system parameters: validation, AlreadyInitialized after JetInit, JetGetSystemParameter', async () => {
      const inst = await api.JetCreateInstance('p');
      expect(await code(api.JetSetSystemParameter(inst, null, 99999, 0, null))).toBe(JET_errInvalidParameter);
      expect(await code(api.JetSetSystemParameter(inst, null, JET_paramBaseName, 0, 'toolong'))).toBe(JET_errInvalidParameter);
      expect(await code(api.JetSetSystemParameter(inst, null, JET_paramDatabasePageSize, 3000, null))).toBe(JET_errInvalidParameter);
      expect(await code(api.JetSetSystemParameter(inst, null, JET_paramLogFileSize, 32, null))).toBe(JET_errInvalidParameter);
      await api.JetSetSystemParameter(inst, null, JET_paramBaseName, 0, 'abc');
      await api.JetSetSystemParameter(inst, null, JET_paramLogFileSize, 256, null);
      expect(await api.JetGetSystemParameter(inst, null, JET_paramLogFileSize, 0)).toEqual({ plParam: 256, szParam: null });
      expect(await api.JetGetSystemParameter(inst, null, JET_paramBaseName, 64)).toEqual({ plParam: 0, szParam: 'abc' });
      expect(await code(api.JetGetSystemParameter(inst, null, JET_paramBaseName, 4))).toBe(JET_errBufferTooSmall);
      await api.JetInit(inst);
      expect(await code(api.JetSetSystemParameter(inst, null, JET_paramLogFileSize, 512, null))).toBe(JET_errAlreadyInitialized);
      expect(await code(api.JetSetSystemParameter(null, null, JET_paramDatabasePageSize, 4096, null))).toBe(JET_errAlreadyInitialized);
      expect(await code(api.JetInit(inst))).toBe(JET_errAlreadyInitialized);
      expect(existsSync(join(root.dir, 'abc.log'))).toBe(true);
      expect(existsSync(join(root.dir, 'abc.chk'))).toBe(true);
      await api.JetTerm(inst);
    });

    it('a missing log directory fails JetInit unless JET_paramCreatePathIfNotExist', async () => {
      const inst = await api.JetCreateInstance('paths');
      await api.JetSetSystemParameter(inst, null, JET_paramLogFilePath, 0, 'logs\\');
      expect(await code(api.JetInit(inst))).toBe(JET_errInvalidLogDirectory);
      await api.JetSetSystemParameter(inst, null, JET_paramCreatePathIfNotExist, 1, null);
      await api.JetSetSystemParameter(inst, null, JET_paramSystemPath, 0, 'sys/');
      await api.JetInit(inst);
      expect(existsSync(join(root.dir, 'logs', 'edb.log'))).toBe(true);
      expect(existsSync(join(root.dir, 'sys', 'edb.chk'))).toBe(true);
      await api.JetTerm(inst);
    });

    it('sessions need an initialised instance; terminated handles become invalid', async () => {
      const inst = await api.JetCreateInstance('s');
      expect(await code(api.JetBeginSession(inst, null, null))).toBe(JET_errNotInitialized);
      await api.JetInit(inst);
      const sesid = await api.JetBeginSession(inst, null, null);
      await api.JetEndSession(sesid, 0);
      expect(await code(api.JetEndSession(sesid, 0))).toBe(JET_errInvalidSesid);
      await api.JetTerm(inst);
      expect(await code(api.JetBeginSession(inst, null, null))).toBe(JET_errInvalidParameter);
      expect(await code(api.JetTerm(inst))).toBe(JET_errInvalidParameter);
    });

    it('JetStopServiceInstance makes gated calls fail with ClientRequestToStopJetService', async () => {
      const inst = await api.JetCreateInstance('stop');
      await api.JetInit(inst);
      const sesid = await api.JetBeginSession(inst, null, null);
      await api.JetStopServiceInstance(inst);
      expect(await code(api.JetBeginSession(inst, null, null))).toBe(JET_errClientRequestToStopJetService);
      expect(await code(api.JetBeginTransaction(sesid))).toBe(JET_errClientRequestToStopJetService);
      expect(await code(api.JetStopServiceInstance2(inst, 0x10))).toBe(JET_errInvalidGrbit);
      await api.JetStopServiceInstance2(inst, JET_bitStopServiceResume);
      await api.JetBeginTransaction(sesid);
      await api.JetRollback(sesid, 0);
      await api.JetTerm(inst);
    });

    it('JetTerm2(JET_bitTermComplete) refuses while a transaction is open', async () => {
      const inst = await api.JetCreateInstance('t');
      await api.JetInit(inst);
      const sesid = await api.JetBeginSession(inst, null, null);
      await api.JetBeginTransaction(sesid);
      expect(await code(api.JetTerm2(inst, JET_bitTermComplete))).toBe(JET_errTooManyActiveUsers);
      expect(await code(api.JetTerm2(inst, 0x100))).toBe(JET_errInvalidParameter);
      await api.JetTerm2(inst, 0);
      expect(await code(api.JetBeginTransaction(sesid))).toBe(JET_errInvalidSesid);
    });

    it('JetGetInstanceInfo lists running instances and their databases', async () => {
      const inst = await api.JetCreateInstance('info');
      expect(await api.JetGetInstanceInfo()).toEqual([]);
      await api.JetInit(inst);
      const sesid = await api.JetBeginSession(inst, null, null);
      await api.JetCreateDatabase(sesid, 'i.edb', null, 0);
      const info = await api.JetGetInstanceInfo();
      expect(info).toHaveLength(1);
      expect(info[0]!.hInstanceId).toBe(inst);
      expect(info[0]!.szInstanceName).toBe('info');
      expect(info[0]!.cDatabases).toBe(1);
      expect(info[0]!.szDatabaseFileName).toEqual([join(root.dir, 'i.edb')]);
      await api.JetTerm(inst);
    });
  });
}
