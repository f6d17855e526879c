// IVssAsync (IVssAsync-QueryStatus.md, -Wait.md, -Cancel.md; SEMANTICS.md §3): success is
// VSS_S_ASYNC_FINISHED, not S_OK; Cancel of a finished operation says so; a cancel that won the
// race reads VSS_S_ASYNC_CANCELLED from then on. On a real machine the suite cannot hold an
// operation open, so the race tests accept either outcome and check that every call agrees.
import { describe, expect } from 'vitest';
import { S_OK, VSS_S_ASYNC_CANCELLED, VSS_S_ASYNC_FINISHED } from '@winbackup/errors';
import { awaitVssAsync, INFINITE } from '../../src/index.js';
import { finished, useSession, type Session } from './fixture.js';
import type { ConformanceIt, VssTarget } from './target.js';

export function asyncConformance(target: VssTarget, it: ConformanceIt): void {
  describe('IVssAsync', () => {
    let s: Session;
    useSession(target, (x) => (s = x));

    it('a finished operation: Wait gives S_OK (any timeout), QueryStatus VSS_S_ASYNC_FINISHED, Cancel VSS_S_ASYNC_FINISHED', async () => {
      const bc = await s.initialized();
      const op = await bc.GatherWriterMetadata();
      expect(await op.Wait(INFINITE)).toBe(S_OK);
      expect(await op.QueryStatus()).toEqual({ pHrResult: VSS_S_ASYNC_FINISHED, pReserved: 0 });
      expect(await op.Wait(0)).toBe(S_OK);
      expect(await op.Cancel()).toBe(VSS_S_ASYNC_FINISHED);
      expect(await op.QueryStatus()).toEqual({ pHrResult: VSS_S_ASYNC_FINISHED, pReserved: 0 });
      await expect(awaitVssAsync(op)).resolves.toBeUndefined();
      await expect(op.Wait(-1)).rejects.toBeInstanceOf(TypeError);
    });

    it('Cancel right after the start: S_OK (cancelled now) or VSS_S_ASYNC_FINISHED, and QueryStatus and a second Cancel agree', async () => {
      const bc = await s.initialized();
      await awaitVssAsync(await bc.GatherWriterMetadata());
      const op = await bc.GatherWriterStatus();
      const first = await op.Cancel();
      expect([S_OK, VSS_S_ASYNC_FINISHED]).toContain(first);
      const status = first === S_OK ? VSS_S_ASYNC_CANCELLED : VSS_S_ASYNC_FINISHED;
      expect(await op.Wait()).toBe(S_OK);
      expect(await op.QueryStatus()).toEqual({ pHrResult: status, pReserved: 0 });
      expect(await op.Cancel()).toBe(status);
      // a new GatherWriterStatus still works
      await finished(await bc.GatherWriterStatus());
    });

    it('awaitVssAsync with an aborted signal: Cancel, then rejects with VSS_S_ASYNC_CANCELLED unless the operation had finished', async () => {
      const bc = await s.initialized();
      await awaitVssAsync(await bc.GatherWriterMetadata());
      const op = await bc.GatherWriterStatus();
      const outcome = await awaitVssAsync(op, { signal: AbortSignal.abort() }).then(() => VSS_S_ASYNC_FINISHED, (e: { code?: number }) => e.code);
      expect([VSS_S_ASYNC_CANCELLED, VSS_S_ASYNC_FINISHED]).toContain(outcome);
      expect((await op.QueryStatus()).pHrResult).toBe(outcome);
    });
  });
}
