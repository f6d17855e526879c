// The streaming-backup fixture of the conformance suite: a database with records on the target,
// plus, on the reference, the engine's view for the state checks esent.dll does not expose.
import { afterEach, beforeEach } from 'vitest';
import { backupEnv, streamingEnv, type BackupEnv, type StreamingEnv } from '../backup/helpers.js';
import type { EsentTarget } from './target.js';

/** Gives each test a fresh env with `rows` records (handed to `set`, with `ref` on the reference only); cleaned up afterwards. */
export function useStreamingEnv(
  target: EsentTarget,
  rows: number,
  set: (env: StreamingEnv, ref: BackupEnv | undefined) => void,
  opts: { logFileSizeKB?: number } = {},
): void {
  let env: StreamingEnv;
  beforeEach(async () => {
    const ref = target.name === 'reference' ? await backupEnv(rows, opts) : undefined;
    env = ref ?? (await streamingEnv(rows, { ...opts, create: target.create }));
    set(env, ref);
  });
  afterEach(async () => env.cleanup());
}
