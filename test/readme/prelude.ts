// The placeholders README examples lean on, for blocks that say `// placeholders: ...`. They stand
// for the reader's own application; each does the least that lets the example run to its end.
import { jetError, JET_errBackupAbortByServer } from '@winbackup/errors';

/** The reader's application: a VSS writer pauses and resumes its writes around a snapshot. */
export const app = {
  paused: false,
  async pauseWrites(): Promise<void> {
    app.paused = true;
  },
  resumeWrites(): void {
    app.paused = false;
  },
};

/** A backup that the server stopped (JetStopBackupInstance), so the example's first branch runs. */
export async function backup(): Promise<void> {
  throw jetError(JET_errBackupAbortByServer, { context: 'JetReadFileInstance' });
}

export function retryLater(): void {}
export function freeSomeSpace(): void {}
export function fixCallOrder(): void {}
