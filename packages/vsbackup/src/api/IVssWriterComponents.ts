// The components of the Backup Components Document as a writer sees them in OnPrepareBackup,
// OnPostSnapshot and OnBackupComplete (IVssWriterComponents / IVssComponent, read side only).
import type { VSS_COMPONENT_TYPE } from './writer-enums.js';

/**
 * A component of the Backup Components Document as a writer sees it (IVssComponent, read side).
 * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nl-vswriter-ivsscomponent
 */
export interface IVssComponent {
  /**
   * The component's logical path.
   * @returns the path, or null.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-ivsscomponent-getlogicalpath
   */
  GetLogicalPath(): string | null;
  /**
   * The component's name.
   * @returns the name.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-ivsscomponent-getcomponentname
   */
  GetComponentName(): string;
  /**
   * The component's type.
   * @returns VSS_CT_DATABASE or VSS_CT_FILEGROUP.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-ivsscomponent-getcomponenttype
   */
  GetComponentType(): VSS_COMPONENT_TYPE;
  /**
   * Whether the requester reported the component backed up.
   * @returns false until the requester calls SetBackupSucceeded(..., true).
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-ivsscomponent-getbackupsucceeded
   */
  GetBackupSucceeded(): boolean;
}

/**
 * The components the requester selected, as a writer sees them in OnPrepareBackup, OnPostSnapshot
 * and OnBackupComplete (IVssWriterComponents).
 * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nl-vswriter-ivsswritercomponents
 */
export interface IVssWriterComponents {
  /**
   * How many components the requester selected.
   * @returns the count.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-ivsswritercomponents-getcomponentcount
   */
  GetComponentCount(): number;
  /**
   * One selected component.
   * @returns the component.
   * @throws VSS_E_OBJECT_NOT_FOUND: an index out of range.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-ivsswritercomponents-getcomponent
   */
  GetComponent(iComponent: number): IVssComponent;
}
