// A stream into a restic repository (https://restic.net) through the restic command line:
// `restic backup --stdin --stdin-filename <name>`. Works with restic 0.14 (Debian's package) and later.
//
//   const repo = { repository: '/srv/restic', password: process.env.RESTIC_PASSWORD! };
//   const { snapshotId } = await resticBackupStdin(repo, tarOfEsentBackup(backup), { filename: 'esent.tar' });
//   await backup.commit();   // the repository has it all: now the logs may go
//
// If the source fails (an aborted ESE backup, a snapshot read error) or the signal aborts, restic is
// interrupted (SIGINT) *before* its stdin ends, so it never saves a snapshot of a cut-short stream;
// on SIGINT restic removes its lock and saves nothing.
import { spawn } from 'node:child_process';
import { PassThrough, type Readable } from 'node:stream';

/** Where the repository is and how to open it; `env` is added to the restic process's environment. */
export interface ResticRepository {
  /** A local path or any restic repository URL (RESTIC_REPOSITORY). */
  readonly repository: string;
  /** RESTIC_PASSWORD. */
  readonly password: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** Options of {@link resticBackupStdin}. */
export interface ResticBackupOptions {
  /** The file name the stream gets inside the snapshot (`--stdin-filename`). */
  readonly filename: string;
  readonly tags?: readonly string[];
  readonly signal?: AbortSignal;
}

/** What restic's JSON summary says of the new snapshot. */
export interface ResticBackupResult {
  /** The snapshot ID as the summary gives it (restic 0.14: the short ID, 8 hex digits). */
  readonly snapshotId: string;
  readonly bytesProcessed: number;
}

/** An error of a restic command, with its exit code and what it printed on stderr. */
export class ResticError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'ResticError';
  }
}

function resticEnv(repo: ResticRepository): NodeJS.ProcessEnv {
  return { ...process.env, ...repo.env, RESTIC_REPOSITORY: repo.repository, RESTIC_PASSWORD: repo.password };
}

/** Runs `restic <args>` to its end; resolves with its stdout. */
export function restic(repo: ResticRepository, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('restic', ['--no-cache', ...args], { env: resticEnv(repo), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new ResticError(`restic ${args[0]} exited with ${code}: ${err.trim()}`, code, err))));
  });
}

/** `restic init`: a new repository. */
export async function resticInit(repo: ResticRepository): Promise<void> {
  await restic(repo, ['init']);
}

/** The repository's snapshot IDs (`restic snapshots --json`). */
export async function resticSnapshots(repo: ResticRepository): Promise<string[]> {
  return (JSON.parse(await restic(repo, ['snapshots', '--json'])) as { id: string }[]).map((s) => s.id);
}

/** Streams `source` into a new snapshot; resolves once restic has saved it. */
export function resticBackupStdin(repo: ResticRepository, source: Readable, options: ResticBackupOptions): Promise<ResticBackupResult> {
  const { filename, signal } = options;
  if (typeof filename !== 'string' || filename === '') throw new TypeError('filename must be a non-empty string');
  const args = ['--no-cache', 'backup', '--json', '--stdin', '--stdin-filename', filename, ...(options.tags ?? []).flatMap((t) => ['--tag', t])];
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const child = spawn('restic', args, { env: resticEnv(repo), stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let failure: { e: unknown } | undefined;
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    const fail = (e: unknown): void => {
      if (failure) return;
      failure = { e };
      // interrupt first: restic must never see EOF on a stream that was cut short
      child.kill('SIGINT');
      source.unpipe(child.stdin);
      source.destroy();
    };
    const onAbort = (): void => fail(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    source.once('error', fail);
    // restic gone early (bad password, no repository): its stdin breaks
    child.stdin.on('error', () => undefined);
    source.pipe(child.stdin);
    child.on('error', fail);
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (failure) return reject(failure.e);
      if (code !== 0) return reject(new ResticError(`restic backup exited with ${code}: ${err.trim()}`, code, err));
      const summary = out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { message_type?: string; snapshot_id?: string; total_bytes_processed?: number })
        .find((m) => m.message_type === 'summary');
      if (!summary?.snapshot_id) return reject(new ResticError('restic backup printed no summary', code, err));
      resolve({ snapshotId: summary.snapshot_id, bytesProcessed: summary.total_bytes_processed ?? 0 });
    });
  });
}

/** `restic dump <snapshot> /<filename>`: the stream as it was saved, to stdout. */
export function resticDump(repo: ResticRepository, snapshotId: string, filename: string): Readable {
  const child = spawn('restic', ['--no-cache', 'dump', snapshotId, `/${filename}`], { env: resticEnv(repo), stdio: ['ignore', 'pipe', 'pipe'] });
  // the stream ends only once restic exited 0: a failed dump is an error, never a short file
  const out = new PassThrough();
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
  child.stdout.pipe(out, { end: false });
  child.on('error', (e) => out.destroy(e));
  child.on('close', (code) => {
    if (code === 0) out.end();
    else out.destroy(new ResticError(`restic dump exited with ${code}: ${err.trim()}`, code, err));
  });
  return out;
}
