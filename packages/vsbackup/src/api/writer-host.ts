// The contract between CVssWriter and the VSS it subscribes to (the reference coordinator, or the
// native binding over vssapi.dll's CVssWriter). Not re-exported by the barrel's value exports except the types.
import type { VSS_BACKUP_TYPE } from './enums.js';
import type { VSS_ID } from './ids.js';
import type { IVssWriterComponents } from './IVssWriterComponents.js';
import type { VSS_ALTERNATE_WRITER_STATE, VSS_APPLICATION_LEVEL, VSS_SOURCE_TYPE, VSS_USAGE_TYPE } from './writer-enums.js';

/** What CVssWriter::Initialize recorded. */
export interface VssWriterRegistration {
  readonly writerId: VSS_ID;
  readonly instanceId: VSS_ID;
  readonly writerName: string;
  readonly instanceName: string | null;
  readonly usage: VSS_USAGE_TYPE;
  readonly source: VSS_SOURCE_TYPE;
  readonly level: VSS_APPLICATION_LEVEL;
  readonly timeoutFreezeMs: number;
  /** Initialize's aws. */
  readonly alternateWriterState: VSS_ALTERNATE_WRITER_STATE;
  /** Initialize's bIOThrottlingOnly. */
  readonly ioThrottlingOnly: boolean;
  readonly eventFlags: number;
}

/** Per-event facts a handler may ask for through the CVssWriter Get and Is methods. */
export interface VssWriterEventContext {
  /** null after PostSnapshot (BackupComplete, BackupShutdown): the ID may no longer be asked for. */
  readonly snapshotSetId: VSS_ID | null;
  readonly volumes: readonly string[];
  readonly backupType: VSS_BACKUP_TYPE;
  readonly context: number;
  readonly componentsSelected: boolean;
  readonly bootableSystemState: boolean;
  readonly partialFileSupport: boolean;
  /** The writer's application level as VSS reports it (GetCurrentLevel); absent: Initialize's nLevel. */
  readonly currentLevel?: VSS_APPLICATION_LEVEL;
  /** The event's components, where the host keeps them (the reference). */
  readonly components?: IVssWriterComponents;
  /**
   * Device object of the snapshot of `volume` once the set is committed.
   * @returns the device name, or null (VSS_E_OBJECT_NOT_FOUND); a host may throw its own HRESULT instead.
   */
  deviceNameOf(volume: string): string | null;
  /**
   * Whether `path` lies on a volume of the set.
   * @returns true when it does.
   */
  isPathAffected(path: string): boolean;
  /**
   * Records SetWriterFailure for the event being handled.
   */
  setFailure(hr: number): void;
  /** false in OnIdentify, where SetWriterFailure is not allowed. */
  readonly failureAllowed: boolean;
}

/** A VSS a writer can subscribe to. `createReferenceVss()` and `createNativeVss()` return one. */
export interface VssWriterHost {
  /**
   * Binds a writer at CVssWriter::Initialize, after the facade's checks (the native VSS constructs
   * and initializes vssapi.dll's CVssWriter here). Optional: the reference needs nothing then.
   * @throws the HRESULT Initialize failed with.
   */
  initializeWriter?(writer: object, registration: Omit<VssWriterRegistration, 'eventFlags'>): void | Promise<void>;
  /**
   * Registers a writer for events (CVssWriter::Subscribe calls it).
   * @throws VSS_E_WRITER_ALREADY_SUBSCRIBED: a writer with the same class and instance is subscribed.
   */
  subscribeWriter(writer: object, registration: VssWriterRegistration): void | Promise<void>;
  /**
   * Removes a writer (CVssWriter::Unsubscribe calls it).
   */
  unsubscribeWriter(writer: object): void | Promise<void>;
  /**
   * Frees what the host holds for a writer (the native VSS: the C++ object's destructor, the
   * callbacks, the thread that receives VSS's calls). Optional; called once, after Unsubscribe.
   */
  disposeWriter?(writer: object): void | Promise<void>;
}

/**
 * The brand of a VSS that cannot host writers (the native backend on a CPU other than x64): its value says why, and
 * `new CVssWriter(vss)` throws it as an Error. A registered symbol, so it works across duplicate
 * copies of the package.
 */
export const WRITER_HOST_UNAVAILABLE: unique symbol = Symbol.for('@winbackup/vsbackup.writerHostUnavailable') as never;
