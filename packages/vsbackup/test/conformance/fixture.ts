// Per-test plumbing of the VSS suite: a fresh fixture, and every requester a test opens is aborted
// and released afterwards, whatever the test did (so a failed test leaves no snapshot-set lock and
// no snapshot behind on a real machine).
import { afterEach, beforeEach, expect } from 'vitest';
import { VSS_S_ASYNC_FINISHED } from '@winbackup/errors';
import { awaitVssAsync, VSS_BT_FULL, VSS_CTX_BACKUP, type IVssAsync, type IVssBackupComponents, type VSS_ID } from '../../src/index.js';
import type { VssFixture, VssTarget } from './target.js';

export interface Session {
  readonly f: VssFixture;
  /** CreateVssBackupComponents, released after the test. */
  create(): Promise<IVssBackupComponents>;
  /** create + InitializeForBackup + SetContext(VSS_CTX_BACKUP). */
  initialized(): Promise<IVssBackupComponents>;
  /** initialized + GatherWriterMetadata (finished) + SetBackupState(non-component, full). */
  gathered(): Promise<IVssBackupComponents>;
  /** gathered + StartSnapshotSet + AddToSnapshotSet(volume). */
  started(): Promise<{ bc: IVssBackupComponents; setId: VSS_ID; snapshotId: VSS_ID }>;
}

export const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Waits for an operation and checks it finished: Wait gives S_OK, QueryStatus VSS_S_ASYNC_FINISHED. */
export async function finished(op: IVssAsync): Promise<void> {
  expect(await op.Wait()).toBe(0);
  expect(await op.QueryStatus()).toEqual({ pHrResult: VSS_S_ASYNC_FINISHED, pReserved: 0 });
}

export function useSession(target: VssTarget, set: (s: Session) => void): void {
  let opened: IVssBackupComponents[] = [];
  let f: VssFixture;
  beforeEach(async () => {
    f = await target.setup();
    opened = [];
    const create = async () => {
      const bc = await f.vss.CreateVssBackupComponents();
      opened.push(bc);
      return bc;
    };
    const initialized = async () => {
      const bc = await create();
      await bc.InitializeForBackup();
      await bc.SetContext(VSS_CTX_BACKUP);
      return bc;
    };
    const gathered = async () => {
      const bc = await initialized();
      await awaitVssAsync(await bc.GatherWriterMetadata());
      await bc.SetBackupState(false, false, VSS_BT_FULL, false);
      return bc;
    };
    set({
      f,
      create,
      initialized,
      gathered,
      async started() {
        const bc = await gathered();
        const setId = await bc.StartSnapshotSet();
        const snapshotId = await bc.AddToSnapshotSet(f.volume);
        return { bc, setId, snapshotId };
      },
    });
  });
  afterEach(async () => {
    for (const bc of opened.reverse()) {
      // AbortBackup is ignored where nothing is under way, and BAD_STATE once released
      await bc.AbortBackup().catch(() => undefined);
      await bc.Release().catch(() => undefined);
    }
    await f.cleanup();
  });
}
