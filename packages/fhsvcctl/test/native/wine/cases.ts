// The Wine tier's cases: each drives the native binding against the fake fhsvcctl.dll inside
// `wine node.exe` and checks, with node:assert, what arrived at the DLL (the fake's log: BOOLs as
// the int received, the Pipe as its 64-bit value, the thread each call ran on) and what the binding
// returned or threw. wine.test.ts runs them all in one Wine launch and reports each one.
import assert from 'node:assert/strict';
import {
  E_ACCESSDENIED,
  E_HANDLE,
  ERROR_ACCESS_DENIED,
  ERROR_SERVICE_NOT_ACTIVE,
  FHCFG_E_CORRUPT_CONFIG_FILE,
  FHSVC_E_BACKUP_BLOCKED,
  FHSVC_E_CONFIG_DISABLED,
  FHSVC_E_NOT_CONFIGURED,
  HRESULT_FROM_WIN32,
  HResultError,
  isHResultError,
} from '@winbackup/errors';
import type { FH_SERVICE_PIPE_HANDLE, FhSvcCtlApi } from '../../../src/index.js';
import type { Fake, LoggedCall } from './fakeControl.js';

export interface CaseContext {
  readonly fh: FhSvcCtlApi;
  readonly fake: Fake;
  /** createNativeFhSvcCtl() without { dll }: the system's fhsvcctl.dll, which Wine does not have. */
  readonly systemFhSvcCtl: () => FhSvcCtlApi;
}

export interface WineCase {
  readonly name: string;
  /** The FhSvcCtlApi functions whose marshalling the case checks. */
  readonly covers: readonly (keyof FhSvcCtlApi)[];
  run(ctx: CaseContext): Promise<void>;
}

/** Beyond 2^53 and with the top bit set: only a full 64-bit pass-through keeps it. */
const PIPE = 0xfedc_ba98_7654_3210n;
const PIPE2 = 0x0000_7ff6_1234_0008n;

/** The fake's log without the thread ids (asserted separately). */
const calls = (fake: Fake): Omit<LoggedCall, 'thread'>[] => fake.log().map(({ fn, args, ret }) => ({ fn, args, ret }));

async function rejectsHr(p: Promise<unknown>, hr: number, context: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof HResultError, `an HResultError, got ${String(e)}`);
    assert.ok(isHResultError(e, hr));
    assert.equal(e.code, hr);
    assert.match(e.message, new RegExp(context));
    return true;
  });
}

async function open(fh: FhSvcCtlApi, fake: Fake, value = PIPE): Promise<FH_SERVICE_PIPE_HANDLE> {
  fake.pipe(value);
  return fh.FhServiceOpenPipe(false);
}

/** A call of each function taking a Pipe, for the cases that go through all of them. */
const PIPE_CALLS: readonly [keyof FhSvcCtlApi, (fh: FhSvcCtlApi, pipe: FH_SERVICE_PIPE_HANDLE) => Promise<void>][] = [
  ['FhServiceStartBackup', (fh, p) => fh.FhServiceStartBackup(p, true)],
  ['FhServiceStopBackup', (fh, p) => fh.FhServiceStopBackup(p, false)],
  ['FhServiceReloadConfiguration', (fh, p) => fh.FhServiceReloadConfiguration(p)],
  ['FhServiceBlockBackup', (fh, p) => fh.FhServiceBlockBackup(p)],
  ['FhServiceUnblockBackup', (fh, p) => fh.FhServiceUnblockBackup(p)],
  ['FhServiceClosePipe', (fh, p) => fh.FhServiceClosePipe(p)],
];

export const CASES: readonly WineCase[] = [
  {
    name: 'FhServiceOpenPipe: BOOL as 0/1, the 64-bit handle comes back and reaches every later call',
    covers: ['FhServiceOpenPipe', 'FhServiceClosePipe', 'FhServiceStartBackup', 'FhServiceStopBackup', 'FhServiceReloadConfiguration', 'FhServiceBlockBackup', 'FhServiceUnblockBackup'],
    async run({ fh, fake }) {
      fake.pipe(PIPE);
      const a = await fh.FhServiceOpenPipe(true);
      fake.pipe(PIPE2);
      const b = await fh.FhServiceOpenPipe(false);
      assert.ok(Object.isFrozen(a) && a !== b);
      await fh.FhServiceStartBackup(a, true);
      await fh.FhServiceStartBackup(b, false);
      await fh.FhServiceStopBackup(a, true);
      await fh.FhServiceStopBackup(b, false);
      await fh.FhServiceReloadConfiguration(b);
      await fh.FhServiceBlockBackup(a);
      await fh.FhServiceUnblockBackup(a);
      await fh.FhServiceClosePipe(b);
      await fh.FhServiceClosePipe(a);
      const h = (v: bigint) => v.toString();
      assert.deepEqual(calls(fake), [
        { fn: 'FhServiceOpenPipe', args: { StartServiceIfStopped: 1 }, ret: 0 },
        { fn: 'FhServiceOpenPipe', args: { StartServiceIfStopped: 0 }, ret: 0 },
        { fn: 'FhServiceStartBackup', args: { Pipe: h(PIPE), LowPriorityIo: 1 }, ret: 0 },
        { fn: 'FhServiceStartBackup', args: { Pipe: h(PIPE2), LowPriorityIo: 0 }, ret: 0 },
        { fn: 'FhServiceStopBackup', args: { Pipe: h(PIPE), StopTracking: 1 }, ret: 0 },
        { fn: 'FhServiceStopBackup', args: { Pipe: h(PIPE2), StopTracking: 0 }, ret: 0 },
        { fn: 'FhServiceReloadConfiguration', args: { Pipe: h(PIPE2) }, ret: 0 },
        { fn: 'FhServiceBlockBackup', args: { Pipe: h(PIPE) }, ret: 0 },
        { fn: 'FhServiceUnblockBackup', args: { Pipe: h(PIPE) }, ret: 0 },
        { fn: 'FhServiceClosePipe', args: { Pipe: h(PIPE2) }, ret: 0 },
        { fn: 'FhServiceClosePipe', args: { Pipe: h(PIPE) }, ret: 0 },
      ]);
    },
  },
  {
    name: 'the calls that wait on the service run on the thread pool, the others on the main thread',
    covers: ['FhServiceOpenPipe', 'FhServiceClosePipe', 'FhServiceStartBackup', 'FhServiceStopBackup', 'FhServiceReloadConfiguration', 'FhServiceBlockBackup', 'FhServiceUnblockBackup'],
    async run({ fh, fake }) {
      const main = fake.threadId();
      fake.pipe(PIPE);
      const p = await fh.FhServiceOpenPipe(true);
      await fh.FhServiceOpenPipe(false);
      for (const [, call] of PIPE_CALLS) await call(fh, p);
      const onMain = fake.log().map((c) => [c.fn, c.thread === main]);
      assert.deepEqual(onMain, [
        ['FhServiceOpenPipe', false],
        ['FhServiceOpenPipe', true],
        ['FhServiceStartBackup', false],
        ['FhServiceStopBackup', false],
        ['FhServiceReloadConfiguration', false],
        ['FhServiceBlockBackup', false],
        ['FhServiceUnblockBackup', true],
        ['FhServiceClosePipe', true],
      ]);
    },
  },
  {
    name: 'an async call does not block the event loop (StartBackup, StopBackup, Reload, Block, OpenPipe(TRUE) each wait 300 ms in the DLL)',
    covers: ['FhServiceOpenPipe', 'FhServiceStartBackup', 'FhServiceStopBackup', 'FhServiceReloadConfiguration', 'FhServiceBlockBackup'],
    async run({ fh, fake }) {
      for (const fn of ['FhServiceOpenPipe', 'FhServiceStartBackup', 'FhServiceStopBackup', 'FhServiceReloadConfiguration', 'FhServiceBlockBackup']) fake.delay(fn, 300);
      fake.pipe(PIPE);
      const during = async (p: Promise<unknown>): Promise<number> => {
        let ticks = 0;
        const t = setInterval(() => ticks++, 10);
        try {
          await p;
        } finally {
          clearInterval(t);
        }
        return ticks;
      };
      const pipe = await (async () => {
        let got: FH_SERVICE_PIPE_HANDLE | undefined;
        const ticks = await during(fh.FhServiceOpenPipe(true).then((x) => (got = x)));
        assert.ok(ticks >= 5, `OpenPipe(TRUE): ${ticks} timer ticks during a 300 ms call`);
        return got!;
      })();
      for (const [fn, call] of PIPE_CALLS.slice(0, 4)) {
        const ticks = await during(call(fh, pipe));
        assert.ok(ticks >= 5, `${fn}: ${ticks} timer ticks during a 300 ms call`);
      }
    },
  },
  {
    name: 'failed HRESULTs become the typed error with their code and the function as context',
    covers: ['FhServiceOpenPipe', 'FhServiceClosePipe', 'FhServiceStartBackup', 'FhServiceStopBackup', 'FhServiceReloadConfiguration', 'FhServiceBlockBackup', 'FhServiceUnblockBackup'],
    async run({ fh, fake }) {
      fake.ret('FhServiceOpenPipe', HRESULT_FROM_WIN32(ERROR_SERVICE_NOT_ACTIVE));
      await rejectsHr(fh.FhServiceOpenPipe(false), HRESULT_FROM_WIN32(ERROR_SERVICE_NOT_ACTIVE), 'FhServiceOpenPipe');
      const pipe = await open(fh, fake);
      fake.ret('FhServiceStartBackup', FHSVC_E_BACKUP_BLOCKED);
      fake.ret('FhServiceStartBackup', FHSVC_E_NOT_CONFIGURED);
      await rejectsHr(fh.FhServiceStartBackup(pipe, true), FHSVC_E_BACKUP_BLOCKED, 'FhServiceStartBackup');
      await rejectsHr(fh.FhServiceStartBackup(pipe, false), FHSVC_E_NOT_CONFIGURED, 'FhServiceStartBackup');
      fake.ret('FhServiceStopBackup', HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED));
      await rejectsHr(fh.FhServiceStopBackup(pipe, true), E_ACCESSDENIED, 'FhServiceStopBackup');
      fake.ret('FhServiceReloadConfiguration', FHCFG_E_CORRUPT_CONFIG_FILE);
      await rejectsHr(fh.FhServiceReloadConfiguration(pipe), FHCFG_E_CORRUPT_CONFIG_FILE, 'FhServiceReloadConfiguration');
      fake.ret('FhServiceBlockBackup', E_ACCESSDENIED);
      await rejectsHr(fh.FhServiceBlockBackup(pipe), E_ACCESSDENIED, 'FhServiceBlockBackup');
      fake.ret('FhServiceUnblockBackup', FHSVC_E_CONFIG_DISABLED);
      await rejectsHr(fh.FhServiceUnblockBackup(pipe), FHSVC_E_CONFIG_DISABLED, 'FhServiceUnblockBackup');
      // a service that stopped invalidates the pipe on its side: its E_HANDLE comes through
      fake.ret('FhServiceClosePipe', E_HANDLE);
      await rejectsHr(fh.FhServiceClosePipe(pipe), E_HANDLE, 'FhServiceClosePipe');
      const e = await fh.FhServiceBlockBackup(pipe).then(() => null, (x: unknown) => x);
      assert.equal(e, null, 'the pipe still works after a failed call');
      assert.deepEqual(
        fake.log().map((c) => [c.fn, c.ret]),
        [
          ['FhServiceOpenPipe', HRESULT_FROM_WIN32(ERROR_SERVICE_NOT_ACTIVE)],
          ['FhServiceOpenPipe', 0],
          ['FhServiceStartBackup', FHSVC_E_BACKUP_BLOCKED],
          ['FhServiceStartBackup', FHSVC_E_NOT_CONFIGURED],
          ['FhServiceStopBackup', E_ACCESSDENIED],
          ['FhServiceReloadConfiguration', FHCFG_E_CORRUPT_CONFIG_FILE],
          ['FhServiceBlockBackup', E_ACCESSDENIED],
          ['FhServiceUnblockBackup', FHSVC_E_CONFIG_DISABLED],
          ['FhServiceClosePipe', E_HANDLE],
          ['FhServiceBlockBackup', 0],
        ],
      );
    },
  },
  {
    name: 'wrong JS types are a TypeError before any DLL call (the reference checks, in the same order)',
    covers: ['FhServiceOpenPipe', 'FhServiceClosePipe', 'FhServiceStartBackup', 'FhServiceStopBackup', 'FhServiceReloadConfiguration', 'FhServiceBlockBackup', 'FhServiceUnblockBackup'],
    async run({ fh, fake }) {
      const pipe = await open(fh, fake);
      fake.reset();
      const bad = (x: unknown) => x as never;
      await assert.rejects(fh.FhServiceOpenPipe(bad(1)), { name: 'TypeError', message: 'StartServiceIfStopped must be a boolean (BOOL), got number' });
      await assert.rejects(fh.FhServiceStartBackup(pipe, bad('yes')), { name: 'TypeError', message: 'LowPriorityIo must be a boolean (BOOL), got string' });
      await assert.rejects(fh.FhServiceStopBackup(pipe, bad(undefined)), { name: 'TypeError', message: 'StopTracking must be a boolean (BOOL), got undefined' });
      // the Pipe is checked before the flag, as in the reference
      await assert.rejects(fh.FhServiceStartBackup(bad(null), bad(0)), { name: 'TypeError', message: 'FhServiceStartBackup: Pipe must be an FH_SERVICE_PIPE_HANDLE' });
      await assert.rejects(fh.FhServiceStopBackup(bad(7n), bad(0)), { name: 'TypeError', message: 'FhServiceStopBackup: Pipe must be an FH_SERVICE_PIPE_HANDLE' });
      for (const [fn, call] of PIPE_CALLS) {
        await assert.rejects(call(fh, bad(Number(PIPE))), { name: 'TypeError', message: `${fn}: Pipe must be an FH_SERVICE_PIPE_HANDLE` });
      }
      assert.deepEqual(fake.log(), []);
    },
  },
  {
    name: 'a closed pipe, or one this binding did not open, is E_HANDLE before any DLL call (as the reference)',
    covers: ['FhServiceClosePipe', 'FhServiceStartBackup', 'FhServiceStopBackup', 'FhServiceReloadConfiguration', 'FhServiceBlockBackup', 'FhServiceUnblockBackup'],
    async run({ fh, fake }) {
      const pipe = await open(fh, fake);
      await fh.FhServiceClosePipe(pipe);
      // a failed open mints no pipe
      fake.ret('FhServiceOpenPipe', FHSVC_E_CONFIG_DISABLED);
      await rejectsHr(fh.FhServiceOpenPipe(false), FHSVC_E_CONFIG_DISABLED, 'FhServiceOpenPipe');
      fake.reset();
      const foreign = Object.freeze(Object.create(null) as object) as FH_SERVICE_PIPE_HANDLE;
      for (const p of [pipe, foreign]) {
        for (const [fn, call] of PIPE_CALLS) await rejectsHr(call(fh, p), E_HANDLE, fn);
      }
      assert.deepEqual(fake.log(), []);
    },
  },
  {
    name: 'createNativeFhSvcCtl() without { dll } on win32 loads %SystemRoot%\\System32\\fhsvcctl.dll by full path',
    covers: [],
    async run({ systemFhSvcCtl }) {
      // Wine has no fhsvcctl.dll: the error names the full path the binding asked for
      const root = (process.env.SystemRoot ?? 'C:\\Windows').replaceAll('\\', '\\\\');
      assert.throws(() => systemFhSvcCtl(), new RegExp(`cannot load ${root}\\\\System32\\\\fhsvcctl\\.dll`, 'i'));
    },
  },
];
