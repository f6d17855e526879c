// Shared helpers for the benchmarks. Each bench/<name>.ts is a standalone script (run by
// `npm run bench`, or alone with `npx tsx bench/<name>.ts`) that measures our code against a peer
// program in the same run and writes bench/results/<name>.md.
import { execFileSync, fork, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export const RESULTS_DIR = join(import.meta.dirname, 'results');

/** A scratch directory on the same file system as the system temp dir; removed by `cleanup`. */
export function scratch(name: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(process.env.BENCH_TMPDIR ?? tmpdir(), `winbackup-bench-${name}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Wall time of an async function, in milliseconds. */
export async function time<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** Runs a peer program (cat, cp -a, rsync) and returns its wall time in milliseconds. */
export function timeCommand(cmd: string, args: readonly string[], opts: { stdoutToNull?: boolean } = {}): number {
  const start = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', opts.stdoutToNull ? 'ignore' : 'pipe', 'inherit'] });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
  return ms;
}

/** Runs a shell script; returns its wall time and the CPU time (user + system) of its children, in ms. */
export function timeShell(script: string): { ms: number; cpuMs: number } {
  const start = performance.now();
  // `times` prints the shell's, then its children's, user and system times
  const r = spawnSync('sh', ['-c', `${script} && times`], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`sh -c ${script} exited with ${r.status}`);
  const children = r.stdout.toString().trim().split('\n').at(-1) ?? '';
  const sec = (t: string): number => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t);
    return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  };
  const [user = '', sys = ''] = children.split(/\s+/);
  return { ms, cpuMs: (sec(user) + sec(sys)) * 1000 };
}

export function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Drops the page cache when allowed (root on Linux), so cold reads compare fairly; else no-op. */
export function dropCaches(): boolean {
  try {
    execFileSync('sh', ['-c', 'sync && echo 3 > /proc/sys/vm/drop_caches'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Median of several runs; benches report the median to damp noise on a shared machine. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1) + ' MiB';
}

export interface ResultRow {
  readonly metric: string;
  readonly ours: string;
  readonly peer: string;
  /** ours / peer as a throughput ratio (>1 is faster) or whatever the row says. */
  readonly ratio: string;
  readonly target?: string;
  readonly met?: boolean;
}

/** Prints the table and writes bench/results/<name>.md with the machine it ran on. */
export function report(name: string, title: string, rows: readonly ResultRow[], notes: readonly string[] = []): void {
  const header = '| metric | ours | peer | ratio | target | met |\n|---|---|---|---|---|---|\n';
  const body = rows
    .map((r) => `| ${r.metric} | ${r.ours} | ${r.peer} | ${r.ratio} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : 'no'} |`)
    .join('\n');
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, ${process.platform}`;
  const md = `# ${title}\n\nMeasured ${new Date().toISOString()} on ${machine}.\n\n${header}${body}\n${notes.length ? '\n' + notes.map((n) => `- ${n}`).join('\n') + '\n' : ''}`;
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${name}.md`), md);
  process.stdout.write(`\n${md}\n`);
}

/**
 * Builds the esent benches' database (bench.edb of `sizeMiB` 1 MiB records) in `dir`, in a child
 * process (esent-backup.ts's builder, run with BENCH_BUILD_DIR), so the measuring process holds only
 * what attaching it costs. Resolves with its size and the build time, and prints both.
 */
export async function buildEsentBenchDatabase(dir: string, sizeMiB: number): Promise<{ dbBytes: number; buildMs: number }> {
  const builder = join(import.meta.dirname, 'esent-backup.ts');
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = fork(builder, [], { env: { ...process.env, BENCH_BUILD_DIR: dir, BENCH_SIZE_MIB: String(sizeMiB) }, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`build exited with ${code}`))));
  });
  const buildMs = performance.now() - t0;
  const dbBytes = statSync(join(dir, 'bench.edb')).size;
  process.stdout.write(`built ${mib(dbBytes)} in ${(buildMs / 1000).toFixed(1)} s\n`);
  return { dbBytes, buildMs };
}
