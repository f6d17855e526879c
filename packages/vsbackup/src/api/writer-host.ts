// The contract between CVssWriter and the VSS it subscribes to (the reference coordinator, or a
// native binding later). Not re-exported by the barrel's value exports except the types.
import type { VSS_BACKUP_TYPE } from './enums.js';
import type { VSS_ID } from './ids.js';
import type { IVssWriterComponents } from './IVssWriterComponents.js';
import type { VSS_APPLICATION_LEVEL, VSS_SOURCE_TYPE, VSS_USAGE_TYPE } from './writer-enums.js';

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
  readonly components: IVssWriterComponents;
  /**
   * Device object of the snapshot of `volume` once the set is committed.
   * @returns the device name, or null.
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

/** A VSS a writer can subscribe to. `createReferenceVss()` returns one. */
export interface VssWriterHost {
  /**
   * Registers a writer for events (CVssWriter::Subscribe calls it).
   * @throws VSS_E_WRITER_ALREADY_SUBSCRIBED: a writer with the same class and instance is subscribed.
   */
  subscribeWriter(writer: object, registration: VssWriterRegistration): void;
  /**
   * Removes a writer (CVssWriter::Unsubscribe calls it).
   */
  unsubscribeWriter(writer: object): void;
}

/**
 * The brand of a VSS that cannot host writers yet (the native backend): its value says why, and
 * `new CVssWriter(vss)` throws it as an Error. A registered symbol, so it works across duplicate
 * copies of the package.
 */
export const WRITER_HOST_UNAVAILABLE: unique symbol = Symbol.for('@winbackup/vsbackup.writerHostUnavailable') as never;
