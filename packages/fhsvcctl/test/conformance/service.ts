// fhsvcctl.h's service control without a configuration change (SEMANTICS.md §1): pipes, closed
// and foreign handles (E_HANDLE, checked before fhsvcctl.dll: a closed handle is freed memory to
// it), blocks counted per pipe, a stop with nothing running, and wrong JS types.
import { describe, expect } from 'vitest';
import { E_HANDLE, ERROR_SERVICE_NOT_ACTIVE, HRESULT_FROM_WIN32 } from '@winbackup/errors';
import type { FH_SERVICE_PIPE_HANDLE } from '../../src/index.js';
import { useSession, type Session } from './fixture.js';
import type { ConformanceIt, FhTarget } from './target.js';

export function serviceConformance(target: FhTarget, it: ConformanceIt): void {
  describe('FhService* pipes', () => {
    let s: Session;
    useSession(target, (x) => (s = x));

    it('FhServiceOpenPipe(FALSE) fails while the service is stopped; TRUE starts it', async () => {
      await s.f.stopService!();
      // FhServiceOpenPipe.md: FALSE with the service stopped fails (the code: ERROR_SERVICE_NOT_ACTIVE)
      await expect(s.f.fh.FhServiceOpenPipe(false)).rejects.toMatchObject({ code: HRESULT_FROM_WIN32(ERROR_SERVICE_NOT_ACTIVE) });
      await s.pipe();
      const second = await s.f.fh.FhServiceOpenPipe(false);
      await s.f.fh.FhServiceClosePipe(second);
    });

    it('a pipe is opaque and distinct per open; a closed pipe is E_HANDLE for every function, ClosePipe included', async () => {
      const a = await s.pipe();
      const b = await s.pipe();
      expect(a).not.toBe(b);
      expect(typeof a).toBe('object');
      await s.f.fh.FhServiceClosePipe(a);
      // closing twice is "unpredictable" (FhServiceClosePipe.md): the reference and the binding both keep
      // their open pipes and answer E_HANDLE before fhsvcctl.dll sees a freed handle
      const closed = { code: E_HANDLE };
      await expect(s.f.fh.FhServiceClosePipe(a)).rejects.toMatchObject(closed);
      await expect(s.f.fh.FhServiceStartBackup(a, true)).rejects.toMatchObject(closed);
      await expect(s.f.fh.FhServiceStopBackup(a, false)).rejects.toMatchObject(closed);
      await expect(s.f.fh.FhServiceReloadConfiguration(a)).rejects.toMatchObject(closed);
      await expect(s.f.fh.FhServiceBlockBackup(a)).rejects.toMatchObject(closed);
      await expect(s.f.fh.FhServiceUnblockBackup(a)).rejects.toMatchObject(closed);
      // the other pipe still works
      await s.f.fh.FhServiceBlockBackup(b);
      await s.f.fh.FhServiceUnblockBackup(b);
    });

    it('Block and Unblock: S_OK, an Unblock with no block is S_OK too', async () => {
      // (inferred, SEMANTICS.md §1) blocks are counted per pipe; an Unblock with none left is S_OK
      const p = await s.pipe();
      await s.f.fh.FhServiceBlockBackup(p);
      await s.f.fh.FhServiceBlockBackup(p);
      await s.f.fh.FhServiceUnblockBackup(p);
      await s.f.fh.FhServiceUnblockBackup(p);
      await s.f.fh.FhServiceUnblockBackup(p);
    });

    it('FhServiceStopBackup(FALSE) with no cycle of ours running is S_OK', async () => {
      // (inferred, SEMANTICS.md §5) the page says nothing of a stop with nothing running
      const p = await s.pipe();
      await s.f.fh.FhServiceStopBackup(p, false);
    });

    it('wrong JS types throw TypeError before any call', async () => {
      const fh = s.f.fh;
      await expect(fh.FhServiceOpenPipe(1 as unknown as boolean)).rejects.toBeInstanceOf(TypeError);
      const p = await s.pipe();
      await expect(fh.FhServiceStartBackup(p, 'yes' as unknown as boolean)).rejects.toBeInstanceOf(TypeError);
      await expect(fh.FhServiceStopBackup(p, 0 as unknown as boolean)).rejects.toBeInstanceOf(TypeError);
      await expect(fh.FhServiceStopBackup(42 as unknown as FH_SERVICE_PIPE_HANDLE, false)).rejects.toBeInstanceOf(TypeError);
      await expect(fh.FhServiceClosePipe(null as unknown as FH_SERVICE_PIPE_HANDLE)).rejects.toBeInstanceOf(TypeError);
      await expect(fh.FhServiceBlockBackup(undefined as unknown as FH_SERVICE_PIPE_HANDLE)).rejects.toBeInstanceOf(TypeError);
      // the pipe is still open and usable
      await fh.FhServiceBlockBackup(p);
      await fh.FhServiceUnblockBackup(p);
    });
  });
}
