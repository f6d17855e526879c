// The components of the Backup Components Document as a writer sees them in OnPrepareBackup,
// OnPostSnapshot and OnBackupComplete (IVssWriterComponents / IVssComponent, read side only).
import type { VSS_COMPONENT_TYPE } from './writer-enums.js';

export interface IVssComponent {
  GetLogicalPath(): string | null;
  GetComponentName(): string;
  GetComponentType(): VSS_COMPONENT_TYPE;
  /** false until the requester calls SetBackupSucceeded(..., true). */
  GetBackupSucceeded(): boolean;
}

export interface IVssWriterComponents {
  GetComponentCount(): number;
  /** VSS_E_OBJECT_NOT_FOUND for an index out of range. */
  GetComponent(iComponent: number): IVssComponent;
}
