// Per-test plumbing of the File History suite: a fresh fixture, and every pipe a test opens is
// closed afterwards (closing a pipe also drops its blocks: FhServiceClosePipe.md).
import { afterEach, beforeEach } from 'vitest';
import type { FH_SERVICE_PIPE_HANDLE } from '../../src/index.js';
import type { FhFixture, FhTarget } from './target.js';

export interface Session {
  readonly f: FhFixture;
  /** FhServiceOpenPipe(TRUE), closed after the test unless the test closed it. */
  pipe(): Promise<FH_SERVICE_PIPE_HANDLE>;
}

export function useSession(target: FhTarget, set: (s: Session) => void): void {
  let f: FhFixture | undefined;
  let pipes: FH_SERVICE_PIPE_HANDLE[] = [];
  beforeEach(() => {
    pipes = [];
    let made: FhFixture | undefined;
    // the fixture is made on first use, so a test the target cannot run creates nothing
    const fixture = (): FhFixture => (made ??= f = target.setup());
    set({
      get f() {
        return fixture();
      },
      async pipe() {
        const p = await fixture().fh.FhServiceOpenPipe(true);
        pipes.push(p);
        return p;
      },
    });
  });
  afterEach(async () => {
    if (!f) return;
    for (const p of pipes) await f.fh.FhServiceClosePipe(p).catch(() => undefined);
    await f.cleanup();
    f = undefined;
  });
}
