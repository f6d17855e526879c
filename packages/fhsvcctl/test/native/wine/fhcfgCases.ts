// The Wine tier's cases for the configuration half: CoCreateFhConfigMgr and the IFhConfigMgr,
// IFhTarget and IFhScopeIterator wrappers against the fake COM server of fake/fhcfg.c (loaded
// through the { fhcfgDll } test hook). Each checks what arrived in the object (BOOLs as the int
// received, enums, BSTRs as their text and SysStringLen, the ULONGLONG as a decimal string), what
// came back, the typed errors, and that every interface obtained is released.
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  E_INVALIDARG,
  ERROR_NOT_FOUND,
  FHCFG_E_CONFIG_FILE_NOT_FOUND,
  FHCFG_E_NO_VALID_CONFIGURATION_LOADED,
  FHCFG_E_TARGET_NOT_CONNECTED,
  HRESULT_FROM_WIN32,
  HResultError,
  REGDB_E_CLASSNOTREG,
  S_FALSE,
} from '@winbackup/errors';
import {
  CLSID_FhConfigMgr,
  FH_FOLDER,
  FH_FREQUENCY,
  FH_LIBRARY,
  FH_RETENTION_AGE,
  FH_STATUS_ENABLED,
  FH_STATUS_REHYDRATING,
  FH_TARGET_DRIVE_TYPE,
  FH_TARGET_NAME,
  FH_TARGET_URL,
  FH_NAMESPACE_EXISTS,
  IID_IFhConfigMgr,
  type FileHistoryApi,
  type IFhConfigMgr,
} from '../../../src/index.js';
import type { Fake, LoggedCall } from './fakeControl.js';

export interface FhcfgCaseContext {
  /** createNativeFileHistory({ dll, fhcfgDll }) over the fake. */
  readonly fhcfg: FileHistoryApi;
  readonly fake: Fake;
  /** createNativeFileHistory({ dll }): CoCreateInstance through Wine's COM, where the class is not registered. */
  readonly comFileHistory: () => FileHistoryApi;
}

export interface FhcfgCase {
  readonly name: string;
  /** `Interface::Method`s whose marshalling the case checks. */
  readonly covers: readonly string[];
  run(ctx: FhcfgCaseContext): Promise<void>;
}

const calls = (fake: Fake): Omit<LoggedCall, 'thread'>[] => fake.log().map(({ fn, args, ret }) => ({ fn, args, ret }));
const NOT_FOUND = HRESULT_FROM_WIN32(ERROR_NOT_FOUND);
/** Non-ASCII, a surrogate pair, quotes and backslashes: only UTF-16 BSTRs of the right length keep them. */
const PATH = 'C:\\Users\\Zoë\\Documents\\"quoted" 😀';
const UNC = '\\\\nas\\backup\\';

async function rejectsHr(p: Promise<unknown>, hr: number, context: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof HResultError, `an HResultError, got ${String(e)}`);
    assert.equal(e.code, hr);
    assert.ok(e.message.includes(context), `${e.message} names ${context}`);
    return true;
  });
}

async function loaded(fhcfg: FileHistoryApi, fake: Fake): Promise<IFhConfigMgr> {
  const mgr = fhcfg.CoCreateFhConfigMgr();
  await mgr.LoadConfiguration();
  fake.reset();
  return mgr;
}

const MGR = (m: string): string => `IFhConfigMgr::${m}`;

export const FHCFG_CASES: readonly FhcfgCase[] = [
  {
    name: 'CoCreateFhConfigMgr: DllGetClassObject(CLSID_FhConfigMgr, IID_IClassFactory), CreateInstance(NULL, IID_IFhConfigMgr), the factory released at once',
    covers: [],
    async run({ fhcfg, fake }) {
      const before = fake.comCounts();
      fhcfg.CoCreateFhConfigMgr();
      fhcfg.CoCreateFhConfigMgr();
      const after = fake.comCounts();
      assert.deepEqual(calls(fake), [
        { fn: 'DllGetClassObject', args: { rclsid: CLSID_FhConfigMgr, riid: '00000001-0000-0000-c000-000000000046' }, ret: 0 },
        { fn: 'CreateInstance', args: { pUnkOuter: 0, riid: IID_IFhConfigMgr }, ret: 0 },
        { fn: 'DllGetClassObject', args: { rclsid: CLSID_FhConfigMgr, riid: '00000001-0000-0000-c000-000000000046' }, ret: 0 },
        { fn: 'CreateInstance', args: { pUnkOuter: 0, riid: IID_IFhConfigMgr }, ret: 0 },
      ]);
      assert.equal(after.IClassFactory.created - before.IClassFactory.created, 2);
      assert.equal(after.IClassFactory.releases - before.IClassFactory.releases, 2);
      assert.equal(after.IClassFactory.live, 0);
      assert.equal(after.IFhConfigMgr.created - before.IFhConfigMgr.created, 2);
    },
  },
  {
    name: 'IFhConfigMgr: every argument arrives (BOOL 0/1, enums, BSTRs with their length, a ULONGLONG above 2^53) in fhcfg.h slot order',
    covers: ['LoadConfiguration', 'CreateDefaultConfiguration', 'SaveConfiguration', 'AddRemoveExcludeRule', 'GetIncludeExcludeRules', 'SetLocalPolicy', 'SetBackupStatus', 'ValidateTarget', 'ProvisionAndSetNewTarget', 'ChangeDefaultTargetRecommendation'].map(MGR),
    async run({ fhcfg, fake }) {
      const mgr = fhcfg.CoCreateFhConfigMgr();
      fake.reset();
      await mgr.LoadConfiguration();
      await mgr.CreateDefaultConfiguration(true);
      await mgr.CreateDefaultConfiguration(false);
      await mgr.AddRemoveExcludeRule(true, FH_FOLDER, PATH);
      await mgr.AddRemoveExcludeRule(false, FH_LIBRARY, 'Music');
      await mgr.GetIncludeExcludeRules(true, FH_LIBRARY);
      await mgr.GetIncludeExcludeRules(false, FH_FOLDER);
      await mgr.SetLocalPolicy(FH_FREQUENCY, 0xfedc_ba98_7654_3210n);
      await mgr.SetLocalPolicy(FH_RETENTION_AGE, 30n);
      await mgr.SetBackupStatus(FH_STATUS_ENABLED);
      // value checks are the object's: an out-of-range enum goes through as the int it is
      await mgr.SetBackupStatus(7 as never);
      await mgr.ValidateTarget(UNC);
      await mgr.ProvisionAndSetNewTarget(UNC, 'Zoë’s NAS');
      await mgr.ChangeDefaultTargetRecommendation(true);
      await mgr.ChangeDefaultTargetRecommendation(false);
      await mgr.SaveConfiguration();
      assert.deepEqual(calls(fake), [
        { fn: 'LoadConfiguration', args: {}, ret: 0 },
        { fn: 'CreateDefaultConfiguration', args: { OverwriteIfExists: 1 }, ret: 0 },
        { fn: 'CreateDefaultConfiguration', args: { OverwriteIfExists: 0 }, ret: 0 },
        { fn: 'AddRemoveExcludeRule', args: { Add: 1, Category: 0, Item: PATH, ItemLen: PATH.length }, ret: 0 },
        { fn: 'AddRemoveExcludeRule', args: { Add: 0, Category: 1, Item: 'Music', ItemLen: 5 }, ret: 0 },
        { fn: 'GetIncludeExcludeRules', args: { Include: 1, Category: 1 }, ret: 0 },
        { fn: 'GetIncludeExcludeRules', args: { Include: 0, Category: 0 }, ret: 0 },
        { fn: 'SetLocalPolicy', args: { LocalPolicyType: 0, PolicyValue: (0xfedc_ba98_7654_3210n).toString() }, ret: 0 },
        { fn: 'SetLocalPolicy', args: { LocalPolicyType: 2, PolicyValue: '30' }, ret: 0 },
        { fn: 'SetBackupStatus', args: { BackupStatus: 2 }, ret: 0 },
        { fn: 'SetBackupStatus', args: { BackupStatus: 7 }, ret: 0 },
        { fn: 'ValidateTarget', args: { TargetUrl: UNC, TargetUrlLen: UNC.length }, ret: 0 },
        { fn: 'ProvisionAndSetNewTarget', args: { TargetUrl: UNC, TargetUrlLen: UNC.length, TargetName: 'Zoë’s NAS', TargetNameLen: 9 }, ret: 0 },
        { fn: 'ChangeDefaultTargetRecommendation', args: { Recommend: 1 }, ret: 0 },
        { fn: 'ChangeDefaultTargetRecommendation', args: { Recommend: 0 }, ret: 0 },
        { fn: 'SaveConfiguration', args: {}, ret: 0 },
      ]);
    },
  },
  {
    name: 'IFhConfigMgr: out-parameters come back (ULONGLONG, enums, DWORD, the ProtectedUntilTime BSTR)',
    covers: ['GetLocalPolicy', 'GetBackupStatus', 'ValidateTarget', 'QueryProtectionStatus', 'GetDefaultTarget'].map(MGR),
    async run({ fhcfg, fake }) {
      const mgr = await loaded(fhcfg, fake);
      fake.value(0x8000_0000_0000_0001n);
      assert.equal(await mgr.GetLocalPolicy(FH_RETENTION_AGE), 0x8000_0000_0000_0001n);
      fake.value(BigInt(FH_STATUS_REHYDRATING));
      assert.equal(await mgr.GetBackupStatus(), FH_STATUS_REHYDRATING);
      fake.value(BigInt(FH_NAMESPACE_EXISTS));
      assert.equal(await mgr.ValidateTarget('D:\\'), FH_NAMESPACE_EXISTS);
      fake.value(0x10en);
      fake.string('12/4/2026, 7:30:00 PM – Zoë 😀');
      assert.deepEqual(await mgr.QueryProtectionStatus(), { ProtectionState: 0x10e, ProtectedUntilTime: '12/4/2026, 7:30:00 PM – Zoë 😀' });
      fake.string('');
      assert.deepEqual(await mgr.QueryProtectionStatus(), { ProtectionState: 0x10e, ProtectedUntilTime: '' });
      const t = await mgr.GetDefaultTarget();
      assert.equal(typeof t.GetStringProperty, 'function');
      assert.deepEqual(
        calls(fake).map((c) => [c.fn, c.args]),
        [
          ['GetLocalPolicy', { LocalPolicyType: 2 }],
          ['GetBackupStatus', {}],
          ['ValidateTarget', { TargetUrl: 'D:\\', TargetUrlLen: 3 }],
          ['QueryProtectionStatus', {}],
          ['QueryProtectionStatus', {}],
          ['GetDefaultTarget', {}],
        ],
      );
    },
  },
  {
    name: 'IFhTarget: string properties as BSTRs (freed), the numerical property as a ULONGLONG',
    covers: ['IFhTarget::GetStringProperty', 'IFhTarget::GetNumericalProperty'],
    async run({ fhcfg, fake }) {
      const mgr = await loaded(fhcfg, fake);
      const t = await mgr.GetDefaultTarget();
      fake.string(PATH);
      assert.equal(await t.GetStringProperty(FH_TARGET_URL), PATH);
      fake.string('Zoë’s NAS');
      assert.equal(await t.GetStringProperty(FH_TARGET_NAME), 'Zoë’s NAS');
      fake.value(4n);
      assert.equal(await t.GetNumericalProperty(FH_TARGET_DRIVE_TYPE), 4n);
      assert.deepEqual(
        calls(fake).map((c) => [c.fn, c.args]),
        [
          ['GetDefaultTarget', {}],
          ['GetStringProperty', { PropertyType: 1 }],
          ['GetStringProperty', { PropertyType: 0 }],
          ['GetNumericalProperty', { PropertyType: 2 }],
        ],
      );
    },
  },
  {
    name: 'IFhScopeIterator: GetItem walks the rules; MoveToNextItem on the last item is HRESULT_FROM_WIN32(ERROR_NOT_FOUND), as the docs say',
    covers: ['IFhScopeIterator::MoveToNextItem', 'IFhScopeIterator::GetItem'],
    async run({ fhcfg, fake }) {
      const mgr = await loaded(fhcfg, fake);
      fake.items(['*{b4bfcc3a-db2c-424c-b029-7fe99a87c641}', PATH, 'Music']);
      const it = await mgr.GetIncludeExcludeRules(true, FH_FOLDER);
      const seen: string[] = [];
      for (;;) {
        seen.push(await it.GetItem());
        const more = await it.MoveToNextItem().then(
          () => true,
          (e: unknown) => {
            assert.ok(e instanceof HResultError && e.code === NOT_FOUND, String(e));
            assert.match(e.message, /IFhScopeIterator::MoveToNextItem/);
            return false;
          },
        );
        if (!more) break;
      }
      assert.deepEqual(seen, ['*{b4bfcc3a-db2c-424c-b029-7fe99a87c641}', PATH, 'Music']);
      // the position stays on the last item
      assert.equal(await it.GetItem(), 'Music');
      fake.items([]);
      const empty = await mgr.GetIncludeExcludeRules(false, FH_LIBRARY);
      await rejectsHr(empty.GetItem(), NOT_FOUND, 'IFhScopeIterator::GetItem');
      await rejectsHr(empty.MoveToNextItem(), NOT_FOUND, 'IFhScopeIterator::MoveToNextItem');
      assert.deepEqual(
        calls(fake).map((c) => [c.fn, c.ret]),
        [
          ['GetIncludeExcludeRules', 0],
          ['GetItem', 0],
          ['MoveToNextItem', 0],
          ['GetItem', 0],
          ['MoveToNextItem', 0],
          ['GetItem', 0],
          ['MoveToNextItem', NOT_FOUND],
          ['GetItem', 0],
          ['GetIncludeExcludeRules', 0],
          ['GetItem', NOT_FOUND],
          ['MoveToNextItem', NOT_FOUND],
        ],
      );
    },
  },
  {
    name: 'failed HRESULTs become the typed error naming Interface::Method; S_FALSE resolves as S_OK; a failed out-call mints no object',
    covers: [],
    async run({ fhcfg, fake }) {
      const mgr = fhcfg.CoCreateFhConfigMgr();
      fake.ret('LoadConfiguration', FHCFG_E_CONFIG_FILE_NOT_FOUND);
      await rejectsHr(mgr.LoadConfiguration(), FHCFG_E_CONFIG_FILE_NOT_FOUND, MGR('LoadConfiguration'));
      fake.ret('SaveConfiguration', S_FALSE);
      await mgr.SaveConfiguration();
      fake.ret('GetLocalPolicy', FHCFG_E_NO_VALID_CONFIGURATION_LOADED);
      await rejectsHr(mgr.GetLocalPolicy(FH_FREQUENCY), FHCFG_E_NO_VALID_CONFIGURATION_LOADED, MGR('GetLocalPolicy'));
      fake.ret('ValidateTarget', FHCFG_E_TARGET_NOT_CONNECTED);
      await rejectsHr(mgr.ValidateTarget('Q:\\'), FHCFG_E_TARGET_NOT_CONNECTED, MGR('ValidateTarget'));
      fake.ret('SetBackupStatus', E_INVALIDARG);
      await rejectsHr(mgr.SetBackupStatus(1 as never), E_INVALIDARG, MGR('SetBackupStatus'));
      const before = fake.comCounts();
      fake.ret('GetDefaultTarget', NOT_FOUND);
      await rejectsHr(mgr.GetDefaultTarget(), NOT_FOUND, MGR('GetDefaultTarget'));
      fake.ret('GetIncludeExcludeRules', E_INVALIDARG);
      await rejectsHr(mgr.GetIncludeExcludeRules(true, 9 as never), E_INVALIDARG, MGR('GetIncludeExcludeRules'));
      fake.ret('QueryProtectionStatus', FHCFG_E_NO_VALID_CONFIGURATION_LOADED);
      await rejectsHr(mgr.QueryProtectionStatus(), FHCFG_E_NO_VALID_CONFIGURATION_LOADED, MGR('QueryProtectionStatus'));
      const after = fake.comCounts();
      assert.equal(after.IFhTarget.created, before.IFhTarget.created);
      assert.equal(after.IFhScopeIterator.created, before.IFhScopeIterator.created);
      const t = await mgr.GetDefaultTarget();
      fake.ret('GetStringProperty', E_INVALIDARG);
      await rejectsHr(t.GetStringProperty(FH_TARGET_DRIVE_TYPE), E_INVALIDARG, 'IFhTarget::GetStringProperty');
      fake.ret('GetNumericalProperty', E_INVALIDARG);
      await rejectsHr(t.GetNumericalProperty(FH_TARGET_NAME), E_INVALIDARG, 'IFhTarget::GetNumericalProperty');
    },
  },
  {
    name: 'wrong JS types are a TypeError before any call into the object (the reference checks, in the same order)',
    covers: [],
    async run({ fhcfg, fake }) {
      const mgr = await loaded(fhcfg, fake);
      const t = await mgr.GetDefaultTarget();
      fake.reset();
      const bad = (x: unknown) => x as never;
      await assert.rejects(mgr.CreateDefaultConfiguration(bad(1)), { name: 'TypeError', message: 'OverwriteIfExists must be a boolean (BOOL), got number' });
      await assert.rejects(mgr.AddRemoveExcludeRule(bad('x'), bad('y'), bad(1)), { name: 'TypeError', message: 'Add must be a boolean (BOOL), got string' });
      await assert.rejects(mgr.AddRemoveExcludeRule(true, bad('y'), bad(1)), { name: 'TypeError', message: 'Category must be an integer enum value, got y' });
      await assert.rejects(mgr.AddRemoveExcludeRule(true, FH_FOLDER, bad(1)), { name: 'TypeError', message: 'Item must be a string, got number' });
      await assert.rejects(mgr.GetIncludeExcludeRules(true, bad(1.5)), { name: 'TypeError', message: 'Category must be an integer enum value, got 1.5' });
      await assert.rejects(mgr.GetLocalPolicy(bad(null)), { name: 'TypeError' });
      await assert.rejects(mgr.SetLocalPolicy(FH_FREQUENCY, bad(5)), { name: 'TypeError', message: 'PolicyValue must be a bigint (ULONGLONG), got number' });
      await assert.rejects(mgr.SetLocalPolicy(FH_FREQUENCY, -1n), { name: 'TypeError', message: 'PolicyValue is outside the ULONGLONG range' });
      await assert.rejects(mgr.SetBackupStatus(bad('on')), { name: 'TypeError' });
      await assert.rejects(mgr.ValidateTarget(bad(undefined)), { name: 'TypeError', message: 'TargetUrl must be a string, got undefined' });
      await assert.rejects(mgr.ProvisionAndSetNewTarget('D:\\', bad(3)), { name: 'TypeError', message: 'TargetName must be a string, got number' });
      await assert.rejects(mgr.ChangeDefaultTargetRecommendation(bad(0)), { name: 'TypeError' });
      await assert.rejects(t.GetStringProperty(bad('1')), { name: 'TypeError' });
      await assert.rejects(t.GetNumericalProperty(bad(2n)), { name: 'TypeError' });
      assert.deepEqual(fake.log(), []);
    },
  },
  {
    name: 'the calls that read or write files, reach the target or ask the service run on the thread pool, the others on the main thread',
    covers: [],
    async run({ fhcfg, fake }) {
      const main = fake.threadId();
      const mgr = fhcfg.CoCreateFhConfigMgr();
      fake.reset();
      await mgr.LoadConfiguration();
      await mgr.CreateDefaultConfiguration(true);
      await mgr.SaveConfiguration();
      await mgr.ValidateTarget('D:\\');
      await mgr.ProvisionAndSetNewTarget('D:\\', 'D');
      await mgr.QueryProtectionStatus();
      await mgr.GetBackupStatus();
      await mgr.SetLocalPolicy(FH_FREQUENCY, 600n);
      assert.deepEqual(
        fake.log().map((c) => [c.fn, c.thread === main]),
        [
          ['LoadConfiguration', false],
          ['CreateDefaultConfiguration', false],
          ['SaveConfiguration', false],
          ['ValidateTarget', false],
          ['ProvisionAndSetNewTarget', false],
          ['QueryProtectionStatus', false],
          ['GetBackupStatus', true],
          ['SetLocalPolicy', true],
        ],
      );
    },
  },
  {
    name: 'createNativeFileHistory({ dll }) without the test hook goes through CoInitializeEx and CoCreateInstance (Wine registers no FhConfigMgr: REGDB_E_CLASSNOTREG)',
    covers: [],
    async run({ comFileHistory }) {
      const fh = comFileHistory();
      assert.throws(
        () => fh.CoCreateFhConfigMgr(),
        (e: unknown) => e instanceof HResultError && e.code === REGDB_E_CLASSNOTREG && /CoCreateInstance\(CLSID_FhConfigMgr\)/.test(e.message),
      );
    },
  },
  {
    // last, so that every wrapper of the earlier cases can be collected too
    name: 'every interface the binding obtained is released exactly once, when its wrapper is collected (no AddRef, no leak, no over-release)',
    covers: [],
    async run({ fhcfg, fake }) {
      await (async () => {
        const mgr = await loaded(fhcfg, fake);
        await mgr.GetDefaultTarget();
        await mgr.GetIncludeExcludeRules(true, FH_FOLDER);
      })();
      assert.ok(fake.comCounts().IFhConfigMgr.live > 0, 'live wrappers hold their objects');
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      let counts = fake.comCounts();
      for (let i = 0; i < 50; i++) {
        gc();
        await new Promise((r) => setTimeout(r, 20));
        counts = fake.comCounts();
        if (counts.IFhConfigMgr.live + counts.IFhTarget.live + counts.IFhScopeIterator.live === 0) break;
      }
      for (const k of ['IClassFactory', 'IFhConfigMgr', 'IFhTarget', 'IFhScopeIterator'] as const) {
        assert.ok(counts[k].created > 0, `${k} objects were made`);
        assert.deepEqual(counts[k], { created: counts[k].created, live: 0, addRefs: 0, releases: counts[k].created }, k);
      }
      assert.equal(counts.overReleases, 0);
    },
  },
];
