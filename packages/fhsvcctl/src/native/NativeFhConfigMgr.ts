// IFhConfigMgr, IFhTarget and IFhScopeIterator over the COM objects of fhcfg: the reference's
// argument type checks (src/validate/args), one vtable call, out-parameters read back (BSTRs
// freed with SysFreeString). Value checks (an unknown enum value, a bad path) are left to the
// object, which answers with its HRESULT. A failed HRESULT throws hresultError(hr, { context });
// success codes such as S_FALSE resolve as S_OK does, as the reference resolves. Calls that read or
// write files or reach the target or the service run on koffi's thread pool. Each wrapper owns one
// reference to its interface and releases it when the wrapper is garbage-collected.
import { hresultError } from '@winbackup/errors';
import type { FH_BACKUP_STATUS, FH_DEVICE_VALIDATION_RESULT, FH_LOCAL_POLICY_TYPE, FH_PROTECTED_ITEM_CATEGORY, FH_TARGET_PROPERTY_TYPE } from '../api/enums.js';
import type { FhProtectionStatus, IFhConfigMgr, IFhScopeIterator, IFhTarget } from '../api/fhcfg.js';
import { requireBool, requireEnum, requireString, requireULongLong } from '../validate/args.js';
import { allocBstr, freeBstr, method, release, takeBstr } from './com.js';
import { IFHCONFIGMGR, IFHSCOPEITERATOR, IFHTARGET, type MethodList } from './fhcfgDeclarations.js';

/** BOOL as the object receives it: TRUE is 1. */
const BOOL = (b: boolean): number => (b ? 1 : 0);
/** An enum argument as the C int it is (requireEnum admits 0..0xffffffff too). */
const INT = (n: number): number => n | 0;

const releaser = new FinalizationRegistry<bigint>((obj) => release(obj));

/** One interface pointer this binding owns: vtable calls, released with its wrapper. */
class ComRef {
  constructor(
    owner: object,
    private readonly obj: bigint,
    private readonly iface: string,
    private readonly methods: MethodList,
  ) {
    releaser.register(owner, obj);
  }

  /** Calls `name` with `args` after This (on the thread pool when `blocking`); throws on a failed HRESULT. */
  async call(name: string, args: unknown[], blocking = false): Promise<void> {
    const f = method(this.obj, this.iface, this.methods, name);
    const hr = blocking
      ? await new Promise<number>((resolve, reject) => f.async(this.obj, ...args, (e: unknown, r: number) => (e ? reject(e) : resolve(r))))
      : f(this.obj, ...args);
    if (hr < 0) throw hresultError(hr, { context: `${this.iface}::${name}` });
  }
}

/** Runs `fn` with BSTR copies of `strings`, freed afterwards whatever happens. */
async function withBstrs<T>(strings: readonly string[], fn: (bstrs: bigint[]) => Promise<T>): Promise<T> {
  const bstrs: bigint[] = [];
  try {
    for (const s of strings) bstrs.push(allocBstr(s));
    return await fn(bstrs);
  } finally {
    for (const b of bstrs) freeBstr(b);
  }
}

const out64 = (): Buffer => Buffer.alloc(8);

export class NativeFhScopeIterator implements IFhScopeIterator {
  private readonly com: ComRef;
  constructor(obj: bigint) {
    this.com = new ComRef(this, obj, 'IFhScopeIterator', IFHSCOPEITERATOR);
  }

  async MoveToNextItem(): Promise<void> {
    // IFhScopeIterator-MoveToNextItem.md: past the last item, HRESULT_FROM_WIN32(ERROR_NOT_FOUND)
    await this.com.call('MoveToNextItem', []);
  }

  async GetItem(): Promise<string> {
    const out = out64();
    await this.com.call('GetItem', [out]);
    return takeBstr(out);
  }
}

export class NativeFhTarget implements IFhTarget {
  private readonly com: ComRef;
  constructor(obj: bigint) {
    this.com = new ComRef(this, obj, 'IFhTarget', IFHTARGET);
  }

  async GetStringProperty(PropertyType: FH_TARGET_PROPERTY_TYPE): Promise<string> {
    const t = requireEnum(PropertyType, 'PropertyType');
    const out = out64();
    await this.com.call('GetStringProperty', [INT(t), out]);
    return takeBstr(out);
  }

  async GetNumericalProperty(PropertyType: FH_TARGET_PROPERTY_TYPE): Promise<bigint> {
    const t = requireEnum(PropertyType, 'PropertyType');
    const out = out64();
    await this.com.call('GetNumericalProperty', [INT(t), out]);
    return out.readBigUInt64LE(0);
  }
}

export class NativeFhConfigMgr implements IFhConfigMgr {
  private readonly com: ComRef;
  constructor(obj: bigint) {
    this.com = new ComRef(this, obj, 'IFhConfigMgr', IFHCONFIGMGR);
  }

  async LoadConfiguration(): Promise<void> {
    await this.com.call('LoadConfiguration', [], true);
  }

  async CreateDefaultConfiguration(OverwriteIfExists: boolean): Promise<void> {
    const overwrite = requireBool(OverwriteIfExists, 'OverwriteIfExists');
    await this.com.call('CreateDefaultConfiguration', [BOOL(overwrite)], true);
  }

  async SaveConfiguration(): Promise<void> {
    await this.com.call('SaveConfiguration', [], true);
  }

  async AddRemoveExcludeRule(Add: boolean, Category: FH_PROTECTED_ITEM_CATEGORY, Item: string): Promise<void> {
    const add = requireBool(Add, 'Add');
    const cat = requireEnum(Category, 'Category');
    const item = requireString(Item, 'Item');
    await withBstrs([item], ([b]) => this.com.call('AddRemoveExcludeRule', [BOOL(add), INT(cat), b]));
  }

  async GetIncludeExcludeRules(Include: boolean, Category: FH_PROTECTED_ITEM_CATEGORY): Promise<IFhScopeIterator> {
    const include = requireBool(Include, 'Include');
    const cat = requireEnum(Category, 'Category');
    const out = out64();
    await this.com.call('GetIncludeExcludeRules', [BOOL(include), INT(cat), out]);
    return new NativeFhScopeIterator(out.readBigUInt64LE(0));
  }

  async GetLocalPolicy(LocalPolicyType: FH_LOCAL_POLICY_TYPE): Promise<bigint> {
    const t = requireEnum(LocalPolicyType, 'LocalPolicyType');
    const out = out64();
    await this.com.call('GetLocalPolicy', [INT(t), out]);
    return out.readBigUInt64LE(0);
  }

  async SetLocalPolicy(LocalPolicyType: FH_LOCAL_POLICY_TYPE, PolicyValue: bigint): Promise<void> {
    const t = requireEnum(LocalPolicyType, 'LocalPolicyType');
    const v = requireULongLong(PolicyValue, 'PolicyValue');
    await this.com.call('SetLocalPolicy', [INT(t), v]);
  }

  async GetBackupStatus(): Promise<FH_BACKUP_STATUS> {
    const out = out64();
    await this.com.call('GetBackupStatus', [out]);
    return out.readInt32LE(0) as FH_BACKUP_STATUS;
  }

  async SetBackupStatus(BackupStatus: FH_BACKUP_STATUS): Promise<void> {
    const s = requireEnum(BackupStatus, 'BackupStatus');
    await this.com.call('SetBackupStatus', [INT(s)]);
  }

  async GetDefaultTarget(): Promise<IFhTarget> {
    const out = out64();
    await this.com.call('GetDefaultTarget', [out]);
    return new NativeFhTarget(out.readBigUInt64LE(0));
  }

  async ValidateTarget(TargetUrl: string): Promise<FH_DEVICE_VALIDATION_RESULT> {
    const url = requireString(TargetUrl, 'TargetUrl');
    const out = out64();
    await withBstrs([url], ([b]) => this.com.call('ValidateTarget', [b, out], true));
    return out.readInt32LE(0) as FH_DEVICE_VALIDATION_RESULT;
  }

  async ProvisionAndSetNewTarget(TargetUrl: string, TargetName: string): Promise<void> {
    const url = requireString(TargetUrl, 'TargetUrl');
    const name = requireString(TargetName, 'TargetName');
    await withBstrs([url, name], ([u, n]) => this.com.call('ProvisionAndSetNewTarget', [u, n], true));
  }

  async ChangeDefaultTargetRecommendation(Recommend: boolean): Promise<void> {
    const r = requireBool(Recommend, 'Recommend');
    await this.com.call('ChangeDefaultTargetRecommendation', [BOOL(r)]);
  }

  async QueryProtectionStatus(): Promise<FhProtectionStatus> {
    const state = out64();
    const until = out64();
    await this.com.call('QueryProtectionStatus', [state, until], true);
    return { ProtectionState: state.readUInt32LE(0), ProtectedUntilTime: takeBstr(until) };
  }
}
