// IVssBackupComponents of the reference VSS: the requester state machine (SEMANTICS.md §2), the
// writer event sequence (§4), AbortBackup and IVssAsync (§3), snapshots and contexts (§5).
// Out-of-order calls fail with VSS_E_BAD_STATE as the call's own result, never through QueryStatus.
import {
  E_INVALIDARG,
  hresultError,
  S_OK,
  VSS_E_BAD_STATE,
  VSS_E_FLUSH_WRITES_TIMEOUT,
  VSS_E_HOLD_WRITES_TIMEOUT,
  VSS_E_INVALID_XML_DOCUMENT,
  VSS_E_MAXIMUM_NUMBER_OF_SNAPSHOTS_REACHED,
  VSS_E_MAXIMUM_NUMBER_OF_VOLUMES_REACHED,
  VSS_E_OBJECT_ALREADY_EXISTS,
  VSS_E_OBJECT_NOT_FOUND,
  VSS_E_PROVIDER_NOT_REGISTERED,
  VSS_E_SNAPSHOT_SET_IN_PROGRESS,
  VSS_E_UNEXPECTED_PROVIDER_ERROR,
  VSS_E_UNEXPECTED_WRITER_ERROR,
  VSS_E_UNSUPPORTED_CONTEXT,
  VSS_E_VOLUME_NOT_SUPPORTED,
  VSS_E_VOLUME_NOT_SUPPORTED_BY_PROVIDER,
  VSS_E_WRITERERROR_TIMEOUT,
  VSS_E_WRITER_NOT_RESPONDING,
  VSS_S_ASYNC_CANCELLED,
  VSS_S_ASYNC_FINISHED,
} from '@winbackup/errors';
import { randomUUID } from 'node:crypto';
import {
  VSS_CTX_ALL,
  VSS_CTX_BACKUP,
  VSS_VOLSNAP_ATTR_DIFFERENTIAL,
  VSS_VOLSNAP_ATTR_NO_AUTO_RELEASE,
  VSS_VOLSNAP_ATTR_NO_WRITERS,
  VSS_VOLSNAP_ATTR_PERSISTENT,
} from '../api/contexts.js';
import { runInWriterEvent } from '../api/CVssWriter.js';
import {
  VSS_OBJECT_NONE,
  VSS_OBJECT_PROVIDER,
  VSS_OBJECT_SNAPSHOT,
  VSS_OBJECT_SNAPSHOT_SET,
  VSS_PROV_SOFTWARE,
  VSS_SS_CREATED,
  type VSS_BACKUP_TYPE,
  type VSS_OBJECT_TYPE,
} from '../api/enums.js';
import { requireBool, requireBstrXml, requireInt, requireString, componentKey } from '../validate/args.js';
import { GUID_NULL, toVssId, VSS_SYSTEM_PROVIDER_ID, type VSS_ID } from '../api/ids.js';
import type { IVssAsync } from '../api/IVssAsync.js';
import type { IVssBackupComponents } from '../api/IVssBackupComponents.js';
import type { IVssComponent, IVssWriterComponents } from '../api/IVssWriterComponents.js';
import type {
  VSS_OBJECT_PROP,
  VSS_SNAPSHOT_PROP,
  VssDeleteSnapshotsResult,
  VssWriterMetadataResult,
  VssWriterStatusResult,
} from '../api/structs.js';
import {
  VSS_APP_BACK_END,
  VSS_APP_FRONT_END,
  VSS_APP_SYSTEM,
  VSS_APP_SYSTEM_RM,
  VSS_WS_FAILED_AT_BACKUP_COMPLETE,
  VSS_WS_FAILED_AT_BACKUPSHUTDOWN,
  VSS_WS_FAILED_AT_FREEZE,
  VSS_WS_FAILED_AT_PREPARE_BACKUP,
  VSS_WS_FAILED_AT_PREPARE_SNAPSHOT,
  VSS_WS_FAILED_AT_POST_SNAPSHOT,
  VSS_WS_FAILED_AT_THAW,
  VSS_WS_STABLE,
  VSS_WS_UNKNOWN,
  VSS_WS_WAITING_FOR_BACKUP_COMPLETE,
  VSS_WS_WAITING_FOR_FREEZE,
  VSS_WS_WAITING_FOR_POST_SNAPSHOT,
  VSS_WS_WAITING_FOR_THAW,
  type VSS_COMPONENT_TYPE,
} from '../api/writer-enums.js';
import type { VssWriterEventContext } from '../api/writer-host.js';
import { toVssTimestamp } from './clock.js';
import { Participant } from './participant.js';
import type { ReferenceVss } from './ReferenceVss.js';
import { ReferenceVssAsync, type VssFailureDetail } from './ReferenceVssAsync.js';
import { PreCopiedTree } from './pre-copy.js';
import type { StoredSnapshot } from './snapshot-store.js';
import { copyTreeReadOnly, removeTree } from './tree-copy.js';
import { missingFolder, type VolumeEntry } from './volumes.js';
import { CreateWriterMetadata, ExamineWriterMetadata, type WriterMetadataData } from './writer-metadata.js';
import { xmlAttr } from './xml.js';

type Phase =
  | 'none' // no snapshot set yet
  | 'open' // StartSnapshotSet done: lock held
  | 'preparing'
  | 'prepared'
  | 'snapshotting'
  | 'done' // DoSnapshotSet succeeded: lock released
  | 'failed' // PrepareForBackup or DoSnapshotSet failed or was cancelled: AbortBackup, then Release
  | 'completing'
  | 'completed'
  | 'aborted';

type ListState = 'none' | 'pending' | 'ready' | 'freed' | 'cancelled';

interface BcdComponent {
  readonly instanceId: VSS_ID;
  readonly writerId: VSS_ID;
  readonly type: VSS_COMPONENT_TYPE;
  readonly logicalPath: string | null;
  readonly name: string;
  succeeded: boolean;
}

interface SetVolume {
  readonly volume: VolumeEntry;
  readonly snapshotId: VSS_ID;
}

/** Known _VSS_SNAPSHOT_CONTEXT values (low five bits) and the attribute bits SetContext may add. */
const CONTEXTS = new Set([0x0, 0x10, 0x19, 0x9, 0x1d, 0xd]);
const CONTEXT_EXTRA_ATTRIBUTES = 0x20 | 0x40 | 0x80 | 0x10000 | 0x20000 | 0x40000 | 0x400000 | 0x800000 | 0x1000000 | 0x2000000;

const PROVIDER_PROP = {
  m_ProviderId: VSS_SYSTEM_PROVIDER_ID,
  m_pwszProviderName: 'Microsoft Software Shadow Copy provider 1.0',
  m_eProviderType: VSS_PROV_SOFTWARE,
  m_pwszProviderVersion: '1.0.0.7',
  m_ProviderVersionId: '00000001-0000-0000-0007-000000000001',
  m_ClassId: '65ee1dba-8ff4-4a58-ac1c-3470ee2f376a',
} as const;

class OperationStopped extends Error {}

/** What one handler call left: its return value and any SetWriterFailure (whose HRESULT may be S_OK: none set). */
interface HandlerOutcome {
  readonly ok: boolean;
  readonly failed: boolean;
  readonly failure: number;
}

const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Freeze order: front-end writers, then back-end, then system (VSS_APPLICATION_LEVEL remarks).
 * (inferred) SYSTEM_RM, which the docs leave unexplained, goes with the system level; UNKNOWN and
 * AUTO come last. Array.sort is stable, so subscription order holds within a level.
 */
/** The provider's error says which volume it was copying (a volume that vanished after AddToSnapshotSet: ENOENT). */
function copyFailure(sv: SetVolume | undefined, cause: unknown): VssFailureDetail | undefined {
  return sv && { context: `copying volume ${sv.volume.name} (${sv.volume.dir})`, cause };
}

function freezeRank(level: number): number {
  switch (level) {
    case VSS_APP_FRONT_END:
      return 0;
    case VSS_APP_BACK_END:
      return 1;
    case VSS_APP_SYSTEM:
    case VSS_APP_SYSTEM_RM:
      return 2;
    default:
      return 3;
  }
}

export class BackupComponents implements IVssBackupComponents {
  readonly #vss: ReferenceVss;
  #initialized = false;
  #released = false;
  #context: number = VSS_CTX_BACKUP;
  #contextSet = false;
  #backupState: { select: boolean; bootable: boolean; type: VSS_BACKUP_TYPE; partial: boolean } | null = null;
  #metadata: ListState = 'none';
  #participants: Participant[] = [];
  #metadataDocs: WriterMetadataData[] = [];
  #statusState: ListState = 'none';
  #status: VssWriterStatusResult[] = [];
  readonly #components: BcdComponent[] = [];
  #phase: Phase = 'none';
  #setId: VSS_ID | null = null;
  readonly #setVolumes: SetVolume[] = [];
  /** Snapshots this object committed (auto-release ones go on Release). */
  readonly #committed: StoredSnapshot[] = [];
  #op: { async: ReferenceVssAsync; done: Promise<void>; kind: string; finished: boolean } | null = null;
  #abortRequested = false;

  constructor(vss: ReferenceVss) {
    this.#vss = vss;
  }

  // ---------------------------------------------------------------- guards
  #bad(method: string, why: string): never {
    throw hresultError(VSS_E_BAD_STATE, { context: `${method}: ${why}` });
  }
  #live(method: string): void {
    if (this.#released) this.#bad(method, 'object released');
    if (!this.#initialized) this.#bad(method, 'not initialized');
  }
  /** Lets a cancelled (or just settled) operation finish its cleanup before the next call looks at the state. */
  async #settled(): Promise<void> {
    while (this.#op && !this.#op.finished && !this.#op.async.pending) await this.#op.done;
  }
  /** Live, and no async operation under way; call right after #settled, with no await in between. */
  #idle(method: string): void {
    this.#live(method);
    const op = this.#op;
    if (op && !op.finished) this.#bad(method, `${op.kind} still ${op.async.pending ? 'pending' : 'stopping'}`);
  }
  get #writerless(): boolean {
    return (this.#context & VSS_VOLSNAP_ATTR_NO_WRITERS) !== 0;
  }

  // ---------------------------------------------------------------- initialization
  async InitializeForBackup(bstrXML: string | null = null): Promise<void> {
    requireBstrXml(bstrXML);
    if (this.#released) this.#bad('InitializeForBackup', 'object released');
    if (this.#initialized) this.#bad('InitializeForBackup', 'already initialized');
    // The document only imports transportable shadow copies, which this reference does not have.
    if (bstrXML !== null) throw hresultError(VSS_E_INVALID_XML_DOCUMENT, { context: 'InitializeForBackup' });
    this.#initialized = true;
  }

  async SetContext(lContext: number): Promise<void> {
    const ctx = requireInt(lContext, 'lContext') >>> 0;
    await this.#settled();
    this.#idle('SetContext');
    if (this.#contextSet) this.#bad('SetContext', 'can be called only once');
    if (this.#metadata !== 'none' || this.#phase !== 'none') this.#bad('SetContext', 'must precede GatherWriterMetadata and StartSnapshotSet');
    if (ctx !== VSS_CTX_ALL && (!CONTEXTS.has(ctx & 0x1f) || (ctx & ~0x1f & ~CONTEXT_EXTRA_ATTRIBUTES) !== 0)) {
      throw hresultError(E_INVALIDARG, { context: 'SetContext' });
    }
    this.#context = ctx;
    this.#contextSet = true;
  }

  async SetBackupState(
    bSelectComponents: boolean,
    bBackupBootableSystemState: boolean,
    backupType: VSS_BACKUP_TYPE,
    bPartialFileSupport = false,
  ): Promise<void> {
    const select = requireBool(bSelectComponents, 'bSelectComponents');
    const bootable = requireBool(bBackupBootableSystemState, 'bBackupBootableSystemState');
    const type = requireInt(backupType, 'backupType');
    const partial = requireBool(bPartialFileSupport, 'bPartialFileSupport');
    await this.#settled();
    this.#idle('SetBackupState');
    // must precede PrepareForBackup (SEMANTICS.md §1 #4)
    if (this.#phase !== 'none' && this.#phase !== 'open') this.#bad('SetBackupState', 'must precede PrepareForBackup');
    if (type < 0 || type > 6) throw hresultError(E_INVALIDARG, { context: 'SetBackupState' });
    this.#backupState = { select, bootable, type: type as VSS_BACKUP_TYPE, partial };
  }

  // ---------------------------------------------------------------- writer metadata
  async GatherWriterMetadata(): Promise<IVssAsync> {
    await this.#settled();
    this.#idle('GatherWriterMetadata');
    // once per object (SEMANTICS.md §1 #5)
    if (this.#metadata !== 'none') this.#bad('GatherWriterMetadata', 'may be called only once');
    this.#metadata = 'pending';
    return this.#startOp('GatherWriterMetadata', async (op) => {
      const participants: Participant[] = [];
      const docs: WriterMetadataData[] = [];
      for (const { writer, reg } of this.#vss.subscribedWriters()) {
        if (op.cancelled) throw new OperationStopped();
        const author = new CreateWriterMetadata({
          instanceId: reg.instanceId,
          writerId: reg.writerId,
          writerName: reg.writerName,
          usage: reg.usage,
          source: reg.source,
        });
        const p = new Participant(writer, reg, this.#vss.writerStatus(writer));
        const r = await this.#deliver(p, false, () => writer.OnIdentify(author));
        // writers whose OnIdentify fails are not counted (SEMANTICS.md §1 #6)
        if (!r.ok) continue;
        participants.push(p);
        docs.push(author.data);
      }
      if (op.cancelled) throw new OperationStopped();
      this.#participants = participants;
      this.#metadataDocs = docs;
      this.#metadata = 'ready';
    }, () => {
      this.#metadata = 'cancelled';
    });
  }

  #metadataReady(method: string): void {
    if (this.#metadata === 'none' || this.#metadata === 'pending') this.#bad(method, 'GatherWriterMetadata has not completed');
    if (this.#metadata === 'cancelled') this.#bad(method, 'GatherWriterMetadata was cancelled');
  }

  async GetWriterMetadataCount(): Promise<number> {
    await this.#settled();
    this.#idle('GetWriterMetadataCount');
    this.#metadataReady('GetWriterMetadataCount');
    if (this.#metadata === 'freed') this.#bad('GetWriterMetadataCount', 'metadata freed');
    return this.#metadataDocs.length;
  }

  async GetWriterMetadata(iWriter: number): Promise<VssWriterMetadataResult> {
    const i = requireInt(iWriter, 'iWriter');
    await this.#settled();
    this.#idle('GetWriterMetadata');
    this.#metadataReady('GetWriterMetadata');
    if (this.#metadata === 'freed') this.#bad('GetWriterMetadata', 'metadata freed');
    const d = this.#metadataDocs[i];
    if (i < 0 || !d) throw hresultError(VSS_E_OBJECT_NOT_FOUND, { context: 'GetWriterMetadata' });
    return { pidInstance: d.instanceId, ppMetadata: new ExamineWriterMetadata(d) };
  }

  async FreeWriterMetadata(): Promise<void> {
    await this.#settled();
    this.#idle('FreeWriterMetadata');
    this.#metadataReady('FreeWriterMetadata');
    this.#metadataDocs = [];
    this.#metadata = 'freed';
  }

  async AddComponent(
    instanceId: VSS_ID,
    writerId: VSS_ID,
    ct: VSS_COMPONENT_TYPE,
    wszLogicalPath: string | null,
    wszComponentName: string,
  ): Promise<void> {
    const { inst, wid, type, lp, name } = componentKey(instanceId, writerId, ct, wszLogicalPath, wszComponentName);
    await this.#settled();
    this.#idle('AddComponent');
    this.#metadataReady('AddComponent');
    if (this.#writerless) this.#bad('AddComponent', 'context has no writers');
    // Needs InitializeForBackup and GatherWriterMetadata only; it is meaningful in component mode but
    // not refused outside it (SEMANTICS.md §1 #7a, spec: vss/IVssBackupComponents-AddComponent.md remarks)
    // before StartSnapshotSet (W: shadow-copy-creation-details.md)
    if (this.#phase !== 'none') this.#bad('AddComponent', 'must precede StartSnapshotSet');
    if ((type !== 1 && type !== 2) || name.length === 0) throw hresultError(E_INVALIDARG, { context: 'AddComponent' });
    if (this.#components.some((c) => c.instanceId === inst && c.writerId === wid && c.logicalPath === lp && c.name === name)) {
      throw hresultError(VSS_E_OBJECT_ALREADY_EXISTS, { context: 'AddComponent' });
    }
    this.#components.push({ instanceId: inst, writerId: wid, type: type as VSS_COMPONENT_TYPE, logicalPath: lp, name, succeeded: false });
  }

  // ---------------------------------------------------------------- snapshot set
  async StartSnapshotSet(): Promise<VSS_ID> {
    await this.#settled();
    this.#idle('StartSnapshotSet');
    if (this.#context === VSS_CTX_ALL) throw hresultError(VSS_E_UNSUPPORTED_CONTEXT, { context: 'StartSnapshotSet' });
    // one object serves one backup (SEMANTICS.md §2)
    if (this.#phase !== 'none') this.#bad('StartSnapshotSet', 'a snapshot set was already started by this object');
    if (this.#vss.lockOwner !== null) throw hresultError(VSS_E_SNAPSHOT_SET_IN_PROGRESS, { context: 'StartSnapshotSet' });
    this.#vss.lockOwner = this;
    this.#setId = randomUUID();
    this.#phase = 'open';
    return this.#setId;
  }

  #volumeName(pwszVolumeName: unknown, method: string): VolumeEntry {
    const name = requireString(pwszVolumeName, 'pwszVolumeName');
    // the name must end in a backslash (spec: vss/IVssBackupComponents-AddToSnapshotSet.md)
    if (!name.endsWith('\\')) throw hresultError(E_INVALIDARG, { context: `${method}: volume name must end in \\` });
    const v = this.#vss.volumes.lookup(name);
    if (!v) throw hresultError(VSS_E_OBJECT_NOT_FOUND, { context: `${method}: no volume ${name}` });
    // a volume whose folder is gone is not an existing volume: VSS_E_OBJECT_NOT_FOUND, "pwszVolumeName
    // does not correspond to an existing volume" (spec: vss/IVssBackupComponents-AddToSnapshotSet.md;
    // IsVolumeSupported: "not found or was not available", vss/IVssBackupComponents-IsVolumeSupported.md)
    const gone = missingFolder(v.dir);
    if (gone) throw hresultError(VSS_E_OBJECT_NOT_FOUND, { context: `${method}: volume ${name} (${v.dir}) is not available`, cause: gone });
    return v;
  }

  #provider(ProviderId: unknown, method: string, notFound: number): void {
    const id = toVssId(ProviderId, 'ProviderId');
    if (id !== GUID_NULL && id !== VSS_SYSTEM_PROVIDER_ID) throw hresultError(notFound, { context: method });
  }

  async AddToSnapshotSet(pwszVolumeName: string, ProviderId: VSS_ID = GUID_NULL): Promise<VSS_ID> {
    requireString(pwszVolumeName, 'pwszVolumeName');
    toVssId(ProviderId, 'ProviderId');
    await this.#settled();
    this.#idle('AddToSnapshotSet');
    // between StartSnapshotSet and PrepareForBackup (SEMANTICS.md §2: SetOpen)
    if (this.#phase !== 'open') this.#bad('AddToSnapshotSet', this.#phase === 'none' ? 'no open snapshot set' : 'the set is closed to new volumes');
    const v = this.#volumeName(pwszVolumeName, 'AddToSnapshotSet');
    this.#provider(ProviderId, 'AddToSnapshotSet', VSS_E_PROVIDER_NOT_REGISTERED);
    // spec: vss/IVssBackupComponents-AddToSnapshotSet.md: no provider supports the volume (GUID_NULL),
    // or the provider named does not
    if (this.#vss.settings.unsupportedVolumes.has(v.guidName)) {
      throw hresultError(toVssId(ProviderId, 'ProviderId') === GUID_NULL ? VSS_E_VOLUME_NOT_SUPPORTED : VSS_E_VOLUME_NOT_SUPPORTED_BY_PROVIDER, {
        context: `AddToSnapshotSet: no provider supports volume ${v.name}`,
      });
    }
    // (inferred) the page lists no code for a volume added twice; OBJECT_ALREADY_EXISTS as for AddComponent
    if (this.#setVolumes.some((s) => s.volume === v)) throw hresultError(VSS_E_OBJECT_ALREADY_EXISTS, { context: 'AddToSnapshotSet' });
    if (this.#setVolumes.length >= 64) throw hresultError(VSS_E_MAXIMUM_NUMBER_OF_VOLUMES_REACHED, { context: 'AddToSnapshotSet' });
    const existing = this.#vss.store.list().filter((s) => s.prop.m_pwszOriginalVolumeName === v.guidName).length;
    if (existing >= this.#vss.settings.maxSnapshotsPerVolume) {
      throw hresultError(VSS_E_MAXIMUM_NUMBER_OF_SNAPSHOTS_REACHED, { context: 'AddToSnapshotSet' });
    }
    const snapshotId = randomUUID();
    this.#setVolumes.push({ volume: v, snapshotId });
    return snapshotId;
  }

  async IsVolumeSupported(ProviderId: VSS_ID, pwszVolumeName: string): Promise<boolean> {
    toVssId(ProviderId, 'ProviderId');
    requireString(pwszVolumeName, 'pwszVolumeName');
    this.#live('IsVolumeSupported');
    this.#provider(ProviderId, 'IsVolumeSupported', VSS_E_OBJECT_NOT_FOUND);
    // E_INVALIDARG is not among this method's codes: a malformed name is a volume that is not found
    // (spec: vss/IVssBackupComponents-IsVolumeSupported.md)
    if (!pwszVolumeName.endsWith('\\')) throw hresultError(VSS_E_OBJECT_NOT_FOUND, { context: 'IsVolumeSupported: volume name must end in \\' });
    const v = this.#volumeName(pwszVolumeName, 'IsVolumeSupported');
    // TRUE even when a limit currently prevents a new snapshot (SEMANTICS.md §1 #9a); FALSE for a
    // volume no provider supports
    return !this.#vss.settings.unsupportedVolumes.has(v.guidName);
  }

  // ---------------------------------------------------------------- PrepareForBackup
  async PrepareForBackup(): Promise<IVssAsync> {
    await this.#settled();
    this.#idle('PrepareForBackup');
    if (this.#writerless) this.#bad('PrepareForBackup', 'context has no writers');
    if (!this.#backupState) this.#bad('PrepareForBackup', 'SetBackupState must come first');
    this.#metadataReady('PrepareForBackup');
    if (this.#phase !== 'open') this.#bad('PrepareForBackup', this.#phase === 'none' ? 'StartSnapshotSet must come first' : 'already prepared');
    this.#phase = 'preparing';
    return this.#startOp('PrepareForBackup', async (op) => {
      for (const p of this.#active()) {
        if (op.cancelled) throw new OperationStopped();
        p.sawPrepareBackup = true;
        p.status.reset();
        const r = await this.#deliver(p, true, () => p.writer.OnPrepareBackup(this.#writerComponents(p)));
        this.#record(p, r, VSS_WS_FAILED_AT_PREPARE_BACKUP);
      }
      if (op.cancelled) throw new OperationStopped();
      this.#phase = 'prepared';
    }, () => {
      this.#phase = this.#abortRequested ? 'aborted' : 'failed';
    });
  }

  // ---------------------------------------------------------------- writer status
  async GatherWriterStatus(): Promise<IVssAsync> {
    await this.#settled();
    this.#idle('GatherWriterStatus');
    if (this.#metadata === 'none' || this.#metadata === 'pending' || this.#metadata === 'cancelled') {
      this.#bad('GatherWriterStatus', 'GatherWriterMetadata has not completed');
    }
    const previous = this.#statusState;
    this.#statusState = 'pending';
    return this.#startOp('GatherWriterStatus', async (op) => {
      if (op.cancelled) throw new OperationStopped();
      this.#status = this.#participants.map((p) => {
        // A writer that went away since Identify cannot answer: VSS reports it as not responding
        // (a VSS-set code, GetWriterStatus remarks); its state is then not known (inferred).
        const gone = !this.#vss.isSubscribed(p.writer);
        return {
          pidInstance: p.reg.instanceId,
          pidWriter: p.reg.writerId,
          pbstrWriter: p.reg.writerName,
          pnStatus: gone ? VSS_WS_UNKNOWN : p.state,
          phResultFailure: gone ? VSS_E_WRITER_NOT_RESPONDING : p.failure,
        };
      });
      this.#statusState = 'ready';
    }, () => {
      this.#statusState = previous === 'ready' ? 'ready' : 'cancelled';
    });
  }

  #statusReady(method: string): void {
    if (this.#statusState !== 'ready') this.#bad(method, 'GatherWriterStatus has not completed');
  }

  async GetWriterStatusCount(): Promise<number> {
    await this.#settled();
    this.#idle('GetWriterStatusCount');
    this.#statusReady('GetWriterStatusCount');
    return this.#status.length;
  }

  async GetWriterStatus(iWriter: number): Promise<VssWriterStatusResult> {
    const i = requireInt(iWriter, 'iWriter');
    await this.#settled();
    this.#idle('GetWriterStatus');
    this.#statusReady('GetWriterStatus');
    const s = this.#status[i];
    if (i < 0 || !s) throw hresultError(VSS_E_OBJECT_NOT_FOUND, { context: 'GetWriterStatus' });
    return { ...s };
  }

  async FreeWriterStatus(): Promise<void> {
    await this.#settled();
    this.#idle('FreeWriterStatus');
    this.#statusReady('FreeWriterStatus');
    this.#status = [];
    this.#statusState = 'freed';
  }

  // ---------------------------------------------------------------- DoSnapshotSet
  async DoSnapshotSet(): Promise<IVssAsync> {
    await this.#settled();
    this.#idle('DoSnapshotSet');
    if (this.#phase !== 'open' && this.#phase !== 'prepared') {
      this.#bad('DoSnapshotSet', this.#phase === 'none' ? 'StartSnapshotSet must come first' : 'the set was already processed');
    }
    if (!this.#writerless) {
      this.#metadataReady('DoSnapshotSet');
      if (this.#phase === 'open' && this.#vss.settings.requirePrepareForBackup) this.#bad('DoSnapshotSet', 'PrepareForBackup must come first');
    }
    // (inferred) an empty set misses a prerequisite call (AddToSnapshotSet), hence BAD_STATE
    if (this.#setVolumes.length === 0) this.#bad('DoSnapshotSet', 'the snapshot set has no volumes');
    this.#phase = 'snapshotting';
    return this.#startOp('DoSnapshotSet', (op) => this.#doSnapshotSet(op), () => {
      /* the operation's own cleanup runs in #doSnapshotSet */
    });
  }

  async #doSnapshotSet(op: ReferenceVssAsync): Promise<void> {
    const { clock, flushAndHoldTimeoutMs, provider } = this.#vss.settings;
    const setId = this.#setId!;
    const result: { failure: number | null; detail: VssFailureDetail | undefined } = { failure: null, detail: undefined };
    const fail = (hr: number, detail?: VssFailureDetail): void => {
      if (result.failure !== null) return;
      result.failure = hr;
      result.detail = detail;
    };
    const stopped = (): boolean => op.cancelled || result.failure !== null;
    const check = (): void => {
      if (stopped()) throw new OperationStopped();
    };
    const temps: { tempDir: string; sv: SetVolume; tree?: PreCopiedTree }[] = [];
    let holdTimer: ReturnType<typeof clock.setTimeout> | null = null;
    let committed: StoredSnapshot[] = [];
    const writers = this.#writerless ? [] : this.#participants;
    try {
      // PrepareForSnapshot: a failure here does not abort the set (SEMANTICS.md §3, §4)
      for (const p of this.#active(writers)) {
        check();
        // without PrepareForBackup (requirePrepareForBackup: false) the sequence starts here
        if (!p.sawPrepareBackup) p.status.reset();
        const r = await this.#deliver(p, true, () => p.writer.OnPrepareSnapshot());
        if (this.#record(p, r, VSS_WS_FAILED_AT_PREPARE_SNAPSHOT)) p.advance(VSS_WS_WAITING_FOR_FREEZE);
      }
      check();
      // The provider prepares each volume (EndPrepareSnapshots) while writers still run. Without
      // reflink that is when the tree is copied; the freeze then only brings the copy up to date,
      // so the window grows with what changed meanwhile, not with the volume (pre-copy.ts).
      const method = this.#vss.copyMethod();
      const durable = (this.#context & VSS_VOLSNAP_ATTR_PERSISTENT) !== 0;
      for (const sv of this.#setVolumes) {
        if (method === 'precopy') {
          const temp: (typeof temps)[number] = { tempDir: this.#vss.store.tempDirPath(), sv };
          temps.push(temp);
          try {
            temp.tree = await PreCopiedTree.create(sv.volume.dir, temp.tempDir, {
              pool: this.#vss.scanPool,
              shouldStop: stopped,
              durable,
              coarseTimestampMs: this.#vss.coarseTimestampMs(),
              onFoldersCreated: () => provider.onPrepare?.('copying', setId, sv.volume.name),
            });
          } catch (e) {
            if (!stopped()) fail(VSS_E_UNEXPECTED_PROVIDER_ERROR, copyFailure(sv, e));
            throw e;
          }
        }
        try {
          await provider.onPrepare?.('copied', setId, sv.volume.name);
        } catch (e) {
          if (!stopped()) fail(VSS_E_UNEXPECTED_PROVIDER_ERROR);
          throw e;
        }
        check();
      }
      check();
      // Freeze: front end, back end, system; each writer's Freeze-to-Thaw window starts now
      const byLevel = [...this.#active(writers)].sort((a, b) => freezeRank(a.reg.level) - freezeRank(b.reg.level));
      for (const p of byLevel) {
        check();
        p.frozen = true;
        p.freezeTimer = clock.setTimeout(() => this.#freezeTimedOut(p, fail), p.reg.timeoutFreezeMs);
        const r = await this.#deliver(p, true, () => p.writer.OnFreeze());
        if (this.#record(p, r, VSS_WS_FAILED_AT_FREEZE)) p.advance(VSS_WS_WAITING_FOR_THAW);
        else if (!r.ok) fail(this.#writerFailureCode(r));
      }
      check();
      // Commit under the flush-and-hold window (W: shadow-copy-creation-for-providers, 10 s)
      let phase: 'flush' | 'hold' = 'flush';
      holdTimer = clock.setTimeout(() => fail(phase === 'flush' ? VSS_E_FLUSH_WRITES_TIMEOUT : VSS_E_HOLD_WRITES_TIMEOUT), flushAndHoldTimeoutMs);
      try {
        await provider.onCommit?.('flush', setId);
        check();
        phase = 'hold';
        await provider.onCommit?.('hold', setId);
      } catch (e) {
        if (e instanceof OperationStopped) throw e;
        fail(VSS_E_UNEXPECTED_PROVIDER_ERROR);
      }
      check();
      // auto-release and non-persistent snapshots do not outlive a reboot, so only persistent ones pay for fsync
      let copying: SetVolume | undefined;
      try {
        if (method === 'precopy') {
          for (const t of temps) {
            copying = t.sv;
            await t.tree!.catchUp();
          }
        } else {
          for (const sv of this.#setVolumes) {
            copying = sv;
            const tempDir = this.#vss.store.tempDirPath();
            temps.push({ tempDir, sv });
            await copyTreeReadOnly(sv.volume.dir, tempDir, { shouldStop: stopped, durable });
          }
        }
      } catch (e) {
        if (!stopped()) fail(VSS_E_UNEXPECTED_PROVIDER_ERROR, copyFailure(copying, e));
        throw e;
      }
      clock.clearTimeout(holdTimer);
      holdTimer = null;
      check();
      // Thaw
      for (const p of writers.filter((w) => w.frozen)) {
        this.#unfreeze(p);
        if (p.fatal) continue;
        const r = await this.#deliver(p, true, () => p.writer.OnThaw());
        if (this.#record(p, r, VSS_WS_FAILED_AT_THAW)) p.advance(VSS_WS_WAITING_FOR_POST_SNAPSHOT);
        else if (!r.ok) fail(this.#writerFailureCode(r));
      }
      check();
      committed = this.#buildSnapshots(temps, setId);
      await this.#vss.store.commit(committed.map((snapshot, i) => ({ tempDir: temps[i]!.tempDir, snapshot })));
      temps.length = 0;
      this.#committed.push(...committed);
      for (const p of this.#active(writers)) {
        if (op.cancelled) break;
        // a writer that reached PostSnapshot gets no Abort; one not yet reached still does (SEMANTICS.md §3)
        p.pastPostSnapshot = true;
        const r = await this.#deliver(p, true, () => p.writer.OnPostSnapshot(this.#writerComponents(p)));
        if (this.#record(p, r, VSS_WS_FAILED_AT_POST_SNAPSHOT)) p.advance(VSS_WS_WAITING_FOR_BACKUP_COMPLETE);
      }
      if (op.cancelled) {
        // cancelled after the commit, before DoSnapshotSet returned: (inferred) the provider's
        // AbortSnapshots removes the set, so a requester never holds snapshots of a failed DoSnapshotSet
        for (const s of committed) await this.#deleteCommitted(s);
        throw new OperationStopped();
      }
      this.#releaseLock();
      this.#phase = 'done';
      op.settle(VSS_S_ASYNC_FINISHED);
    } catch (e) {
      if (!(e instanceof OperationStopped) && !op.cancelled) fail(VSS_E_UNEXPECTED_PROVIDER_ERROR);
      if (holdTimer) clock.clearTimeout(holdTimer);
      for (const t of temps) await removeTree(t.tempDir);
      // frozen writers get OnAbort instead of OnThaw; so does everyone past PrepareForBackup
      for (const p of writers) this.#unfreeze(p);
      await this.#deliverAborts();
      this.#releaseLock();
      this.#phase = this.#abortRequested ? 'aborted' : 'failed';
      if (result.failure !== null) op.settle(result.failure, result.detail);
    }
  }

  #freezeTimedOut(p: Participant, fail: (hr: number) => void): void {
    p.freezeTimer = null;
    if (!p.frozen) return;
    // the writer missed dwTimeoutFreeze: FAILED_AT_FREEZE with 0x800423F2 and OnAbort at once (SEMANTICS.md §4)
    p.fail(VSS_WS_FAILED_AT_FREEZE, VSS_E_WRITERERROR_TIMEOUT);
    p.fatal = true;
    p.frozen = false;
    fail(this.#writerFailureCode({ failed: true, failure: VSS_E_WRITERERROR_TIMEOUT }));
    if (!p.abortDelivered && !p.pastPostSnapshot) {
      p.abortDelivered = true;
      this.#pendingAborts.push(this.#deliver(p, true, () => p.writer.OnAbort()).then(() => undefined));
    }
  }

  readonly #pendingAborts: Promise<void>[] = [];

  /** What DoSnapshotSet fails with when a writer aborts the set (undocumented: SEMANTICS.md §4, options.ts). */
  #writerFailureCode(r: { failed: boolean; failure: number }): number {
    const opt = this.#vss.settings.writerFailureHResult;
    if (opt !== 'writer') return opt;
    return r.failed && r.failure !== S_OK ? r.failure : VSS_E_UNEXPECTED_WRITER_ERROR;
  }

  #unfreeze(p: Participant): void {
    if (p.freezeTimer) this.#vss.settings.clock.clearTimeout(p.freezeTimer);
    p.freezeTimer = null;
    p.frozen = false;
  }

  #buildSnapshots(temps: readonly { tempDir: string; sv: SetVolume }[], setId: VSS_ID): StoredSnapshot[] {
    const { machineName, clock } = this.#vss.settings;
    const ts = toVssTimestamp(clock.now());
    const attrs = ((this.#context & 0x1f) | (this.#context & CONTEXT_EXTRA_ATTRIBUTES) | VSS_VOLSNAP_ATTR_DIFFERENTIAL) >>> 0;
    return temps.map(({ sv }) => {
      const n = this.#vss.store.allocateDeviceNumber();
      const prop: VSS_SNAPSHOT_PROP = {
        m_SnapshotId: sv.snapshotId,
        m_SnapshotSetId: setId,
        m_lSnapshotsCount: this.#setVolumes.length,
        m_pwszSnapshotDeviceObject: this.#vss.store.deviceObject(n),
        m_pwszOriginalVolumeName: sv.volume.guidName,
        m_pwszOriginatingMachine: machineName,
        m_pwszServiceMachine: machineName,
        m_pwszExposedName: null,
        m_pwszExposedPath: null,
        m_ProviderId: VSS_SYSTEM_PROVIDER_ID,
        m_lSnapshotAttributes: attrs,
        m_tsCreationTimestamp: ts,
        m_eStatus: VSS_SS_CREATED,
      };
      return { prop, dirName: `HarddiskVolumeShadowCopy${n}`, context: this.#context };
    });
  }

  async #deleteCommitted(s: StoredSnapshot): Promise<void> {
    await this.#vss.store.delete(s.prop.m_SnapshotId);
    const i = this.#committed.indexOf(s);
    if (i >= 0) this.#committed.splice(i, 1);
  }

  #releaseLock(): void {
    if (this.#vss.lockOwner === this) this.#vss.lockOwner = null;
  }

  async #deliverAborts(): Promise<void> {
    for (const p of this.#participants) {
      if (!p.owesAbort) continue;
      p.abortDelivered = true;
      const r = await this.#deliver(p, true, () => p.writer.OnAbort());
      // (inferred) a writer that handled Abort and has no failure of this sequence is back at rest:
      // STABLE, not left waiting for an event that will not come; a failed writer keeps its
      // FAILED_AT_* state (there is no FAILED_AT_ABORT)
      if (!r.failed) p.advance(VSS_WS_STABLE);
    }
    await Promise.all(this.#pendingAborts.splice(0));
  }

  // ---------------------------------------------------------------- after the snapshot
  async GetSnapshotProperties(SnapshotId: VSS_ID): Promise<VSS_SNAPSHOT_PROP> {
    const id = toVssId(SnapshotId, 'SnapshotId');
    this.#live('GetSnapshotProperties');
    // only snapshots of the current context are visible, as for Query and DeleteSnapshots
    const s = this.#visibleSnapshots().find((x) => x.prop.m_SnapshotId === id);
    if (!s) throw hresultError(VSS_E_OBJECT_NOT_FOUND, { context: 'GetSnapshotProperties' });
    return { ...s.prop };
  }

  async SetBackupSucceeded(
    instanceId: VSS_ID,
    writerId: VSS_ID,
    ct: VSS_COMPONENT_TYPE,
    wszLogicalPath: string | null,
    wszComponentName: string,
    bSucceded: boolean,
  ): Promise<void> {
    const { inst, wid, type, lp, name } = componentKey(instanceId, writerId, ct, wszLogicalPath, wszComponentName);
    const ok = requireBool(bSucceded, 'bSucceded');
    await this.#settled();
    this.#idle('SetBackupSucceeded');
    if (!this.#backupState?.select) this.#bad('SetBackupSucceeded', 'not in component mode');
    // after a successful DoSnapshotSet, before BackupComplete (SEMANTICS.md §1 #15)
    if (this.#phase !== 'done') this.#bad('SetBackupSucceeded', 'DoSnapshotSet has not succeeded, or BackupComplete was called');
    const c = this.#components.find((x) => x.instanceId === inst && x.writerId === wid && x.type === type && x.logicalPath === lp && x.name === name);
    if (!c) throw hresultError(VSS_E_OBJECT_NOT_FOUND, { context: 'SetBackupSucceeded' });
    c.succeeded = ok;
  }

  async BackupComplete(): Promise<IVssAsync> {
    await this.#settled();
    this.#idle('BackupComplete');
    if (this.#writerless) this.#bad('BackupComplete', 'context has no writers');
    // not after a failed DoSnapshotSet (bareos/bareos#1923)
    if (this.#phase !== 'done') this.#bad('BackupComplete', 'DoSnapshotSet has not succeeded');
    this.#phase = 'completing';
    return this.#startOp('BackupComplete', async (op) => {
      for (const p of this.#active()) {
        if (op.cancelled) throw new OperationStopped();
        const r = await this.#deliver(p, true, () => p.writer.OnBackupComplete(this.#writerComponents(p)), false);
        if (this.#record(p, r, VSS_WS_FAILED_AT_BACKUP_COMPLETE)) p.advance(VSS_WS_STABLE);
      }
      if (op.cancelled) throw new OperationStopped();
      this.#phase = 'completed';
    }, () => {
      // a cancelled BackupComplete ends the backup (S: backupcomplete, "Cancel can abort a backup")
      this.#phase = 'aborted';
    });
  }

  async DeleteSnapshots(SourceObjectId: VSS_ID, eSourceObjectType: VSS_OBJECT_TYPE, bForceDelete: boolean): Promise<VssDeleteSnapshotsResult> {
    const id = toVssId(SourceObjectId, 'SourceObjectId');
    const type = requireInt(eSourceObjectType, 'eSourceObjectType');
    requireBool(bForceDelete, 'bForceDelete');
    this.#live('DeleteSnapshots');
    if (type !== VSS_OBJECT_SNAPSHOT && type !== VSS_OBJECT_SNAPSHOT_SET) throw hresultError(E_INVALIDARG, { context: 'DeleteSnapshots' });
    const targets = this.#visibleSnapshots().filter((s) => (type === VSS_OBJECT_SNAPSHOT ? s.prop.m_SnapshotId === id : s.prop.m_SnapshotSetId === id));
    if (targets.length === 0) throw hresultError(VSS_E_OBJECT_NOT_FOUND, { context: 'DeleteSnapshots' });
    let deleted = 0;
    // One at a time; the first failure stops the loop (SEMANTICS.md §1 #17). Windows returns the
    // failure HRESULT and still fills the out-parameters, so the error carries them.
    for (const s of targets) {
      try {
        await this.#deleteCommitted(s);
      } catch (e) {
        const out: VssDeleteSnapshotsResult = { plDeletedSnapshots: deleted, pNondeletedSnapshotID: s.prop.m_SnapshotId };
        throw Object.assign(hresultError(VSS_E_UNEXPECTED_PROVIDER_ERROR, { context: 'DeleteSnapshots', cause: e }), out);
      }
      deleted++;
    }
    return { plDeletedSnapshots: deleted, pNondeletedSnapshotID: GUID_NULL };
  }

  /** Snapshots of the current context (all of them with VSS_CTX_ALL). */
  #visibleSnapshots(): StoredSnapshot[] {
    return this.#vss.store.list().filter((s) => this.#context === VSS_CTX_ALL || (s.context & 0x1f) === (this.#context & 0x1f));
  }

  async Query(QueriedObjectId: VSS_ID, eQueriedObjectType: VSS_OBJECT_TYPE, eReturnedObjectsType: VSS_OBJECT_TYPE): Promise<VSS_OBJECT_PROP[]> {
    const id = toVssId(QueriedObjectId, 'QueriedObjectId');
    const qt = requireInt(eQueriedObjectType, 'eQueriedObjectType');
    const rt = requireInt(eReturnedObjectsType, 'eReturnedObjectsType');
    // The docs ask for SetContext first; the default context (VSS_CTX_BACKUP) is used when it was not called.
    this.#live('Query');
    // spec: vss/IVssBackupComponents-Query.md: GUID_NULL, VSS_OBJECT_NONE, SNAPSHOT or PROVIDER
    if (id !== GUID_NULL || qt !== VSS_OBJECT_NONE || (rt !== VSS_OBJECT_SNAPSHOT && rt !== VSS_OBJECT_PROVIDER)) {
      throw hresultError(E_INVALIDARG, { context: 'Query' });
    }
    if (rt === VSS_OBJECT_PROVIDER) return [{ Type: VSS_OBJECT_PROVIDER, Obj: { Prov: { ...PROVIDER_PROP } } }];
    return this.#visibleSnapshots().map((s) => ({ Type: VSS_OBJECT_SNAPSHOT, Obj: { Snap: { ...s.prop } } }));
  }

  // ---------------------------------------------------------------- abort and release
  async AbortBackup(): Promise<void> {
    this.#live('AbortBackup');
    await this.#abort();
  }

  async #abort(): Promise<void> {
    const phase = this.#phase;
    // ignored when no snapshot or backup operation is under way (spec: AbortBackup)
    if (phase === 'none' || phase === 'completed' || phase === 'aborted') return;
    this.#abortRequested = true;
    const op = this.#op;
    if (op && op.async.pending && (op.kind === 'PrepareForBackup' || op.kind === 'DoSnapshotSet' || op.kind === 'BackupComplete')) {
      // (inferred) the docs do not say what the pending async reports when AbortBackup ends its
      // operation; it ends as if cancelled (VSS_S_ASYNC_CANCELLED), the one QueryStatus value for an
      // operation stopped before it finished (SEMANTICS.md §3 IVssAsync)
      op.async.settle(VSS_S_ASYNC_CANCELLED);
    }
    // a cancelled operation may still be cleaning up
    if (op) await op.done;
    // writers that saw PrepareForBackup and not PostSnapshot (SEMANTICS.md §3)
    await this.#deliverAborts();
    this.#releaseLock();
    this.#phase = 'aborted';
  }

  async SaveAsXML(): Promise<string> {
    this.#live('SaveAsXML');
    const bs = this.#backupState;
    const types = ['undefined', 'full', 'incremental', 'differential', 'log', 'copy', 'other'];
    const byWriter = new Map<string, BcdComponent[]>();
    for (const c of this.#components) {
      const k = `${c.instanceId}|${c.writerId}`;
      byWriter.set(k, [...(byWriter.get(k) ?? []), c]);
    }
    const writers = [...byWriter.values()]
      .map(
        (list) =>
          `<WRITER_COMPONENTS instanceId=${xmlAttr(list[0]!.instanceId)} writerId=${xmlAttr(list[0]!.writerId)}>` +
          list
            .map(
              (c) =>
                `<COMPONENT logicalPath=${xmlAttr(c.logicalPath ?? '')} componentName=${xmlAttr(c.name)} componentType="${c.type === 1 ? 'database' : 'filegroup'}" backupSucceeded="${c.succeeded ? 'yes' : 'no'}"/>`,
            )
            .join('') +
          `</WRITER_COMPONENTS>`,
      )
      .join('');
    const set = this.#setId
      ? `<SNAPSHOT_SET_DESCRIPTION snapshotSetId=${xmlAttr(this.#setId)} context="${this.#context}">` +
        this.#setVolumes
          .map((v) => `<SNAPSHOT_DESCRIPTION snapshotId=${xmlAttr(v.snapshotId)} originalVolumeName=${xmlAttr(v.volume.guidName)}/>`)
          .join('') +
        `</SNAPSHOT_SET_DESCRIPTION>`
      : '';
    return (
      `<BACKUP_COMPONENTS xmlns="x-schema:#VssComponentMetadata" version="1.2" bootableSystemStateBackup="${bs?.bootable ? 'yes' : 'no'}"` +
      ` selectComponents="${bs?.select ? 'yes' : 'no'}" backupType="${types[bs?.type ?? 0]}" partialFileSupport="${bs?.partial ? 'yes' : 'no'}">` +
      writers +
      set +
      `</BACKUP_COMPONENTS>`
    );
  }

  async Release(): Promise<void> {
    if (this.#released) return;
    const op = this.#op;
    if (op?.async.pending) {
      if (this.#phase === 'snapshotting' || this.#phase === 'preparing' || this.#phase === 'completing') this.#abortRequested = true;
      op.async.settle(VSS_S_ASYNC_CANCELLED);
    }
    if (op) await op.done;
    // a requester that goes away mid-set leaves its writers aborted and the lock free
    if (this.#phase !== 'none' && this.#phase !== 'done' && this.#phase !== 'completed' && this.#phase !== 'aborted') await this.#abort();
    this.#released = true;
    // BackupShutdown on release, whatever happened before (W: handling-backupshutdown-events.md)
    const setId = this.#setId ?? GUID_NULL;
    for (const p of this.#participants) {
      if (!this.#vss.isSubscribed(p.writer)) continue;
      const r = await this.#deliver(p, true, () => p.writer.OnBackupShutdown(setId), false);
      this.#record(p, r, VSS_WS_FAILED_AT_BACKUPSHUTDOWN);
    }
    // auto-release contexts lose their snapshots with the object (SEMANTICS.md §5)
    for (const s of [...this.#committed]) {
      if ((s.context & VSS_VOLSNAP_ATTR_NO_AUTO_RELEASE) === 0) await this.#deleteCommitted(s);
    }
  }

  // ---------------------------------------------------------------- plumbing
  #startOp(kind: string, body: (op: ReferenceVssAsync) => Promise<void>, onStopped: () => void): IVssAsync {
    const async = new ReferenceVssAsync(this.#vss.settings.clock, kind);
    const record = { async, done: Promise.resolve(), kind, finished: false };
    record.done = (async () => {
      // the operation runs after the call returns, as the VSS service does it out of process
      await nextTurn();
      try {
        await body(async);
        async.settle(VSS_S_ASYNC_FINISHED);
      } catch (e) {
        if (!(e instanceof OperationStopped) && !async.cancelled) {
          async.settle(VSS_E_UNEXPECTED_PROVIDER_ERROR);
        }
        if (!async.pending) onStopped();
      } finally {
        record.finished = true;
      }
    })();
    this.#op = record;
    return async;
  }

  /** Participants still receiving events in this backup. */
  #active(list: readonly Participant[] = this.#participants): Participant[] {
    return list.filter((p) => !p.fatal && this.#vss.isSubscribed(p.writer));
  }

  /** Applies a handler result; true when the writer is still in good standing for the next state. */
  #record(p: Participant, r: HandlerOutcome, failedState: number): boolean {
    if (r.failed) p.fail(failedState, r.failure);
    if (!r.ok) p.fatal = true;
    return !r.failed;
  }

  /** `setIdVisible` is false after PostSnapshot, where GetCurrentSnapshotSetId may no longer be called. */
  async #deliver(p: Participant, failureAllowed: boolean, handler: () => boolean | Promise<boolean>, setIdVisible = true): Promise<HandlerOutcome> {
    let failure = S_OK;
    let failureSet = false;
    const ctx = this.#eventContext(p, failureAllowed, setIdVisible, (hr) => {
      failure = hr;
      failureSet = true;
    });
    let ok: boolean;
    try {
      ok = (await runInWriterEvent(ctx, handler)) === true;
    } catch {
      // The handler never answered: VSS itself reports such a writer as not responding. The
      // VSS_E_WRITERERROR_* codes come only from the writer's SetWriterFailure
      // (spec: vss/IVssBackupComponents-GetWriterStatus.md remarks, SEMANTICS.md §1 #12a).
      return { ok: false, failed: true, failure: VSS_E_WRITER_NOT_RESPONDING };
    }
    // false without SetWriterFailure: the writer is FAILED_AT_<event> but set no HRESULT, so the
    // status carries S_OK; VSS does not invent a VSS_E_WRITERERROR_* for it (SEMANTICS.md §1 #12a)
    return { ok, failed: !ok || failureSet, failure };
  }

  #eventContext(p: Participant, failureAllowed: boolean, setIdVisible: boolean, setFailure: (hr: number) => void): VssWriterEventContext {
    const bs = this.#backupState;
    const volumes = this.#setVolumes.map((s) => s.volume.name);
    return {
      snapshotSetId: setIdVisible ? (this.#setId ?? GUID_NULL) : null,
      volumes,
      backupType: bs?.type ?? 0,
      context: this.#context,
      componentsSelected: bs?.select ?? false,
      bootableSystemState: bs?.bootable ?? false,
      partialFileSupport: bs?.partial ?? false,
      components: this.#writerComponents(p),
      failureAllowed,
      setFailure,
      deviceNameOf: (volume) => {
        const v = this.#vss.volumes.lookup(volume);
        const sv = v && this.#setVolumes.find((s) => s.volume === v);
        const snap = sv && this.#committed.find((c) => c.prop.m_SnapshotId === sv.snapshotId);
        return snap ? snap.prop.m_pwszSnapshotDeviceObject : null;
      },
      isPathAffected: (path) => {
        const hit = this.#vss.volumes.split(path);
        return !!hit && this.#setVolumes.some((s) => s.volume === hit.volume);
      },
    };
  }

  #writerComponents(p: Participant): IVssWriterComponents {
    // components mean something only in component mode (spec: AddComponent remarks)
    const list = this.#backupState?.select ? this.#components.filter((c) => c.instanceId === p.reg.instanceId) : [];
    return {
      GetComponentCount: () => list.length,
      GetComponent: (i: number): IVssComponent => {
        const c = list[requireInt(i, 'iComponent')];
        if (!c || i < 0) throw hresultError(VSS_E_OBJECT_NOT_FOUND, { context: 'IVssWriterComponents::GetComponent' });
        return {
          GetLogicalPath: () => c.logicalPath,
          GetComponentName: () => c.name,
          GetComponentType: () => c.type,
          GetBackupSucceeded: () => c.succeeded,
        };
      },
    };
  }
}

