// The service process SIGKILLed at random moments mid-cycle, 30 times: afterwards the target holds
// no partial version, the catalog agrees with the files, and the next cycle completes.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configure, dataDir, machine, write, type Machine } from './helpers.js';

const KILLS = 30;
const childSource = join(import.meta.dirname, 'fixtures', 'crash-child.ts');
let child = '';

/** Deterministic PRNG (mulberry32) so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Runs the child and kills it after `killAfter` event lines; resolves with how it ended. */
function runChild(m: Machine, clockMs: number, killAfter: number): Promise<{ killed: boolean; lines: number }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, m.stateDir, m.profile, String(clockMs)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lines = 0;
    let killed = false;
    let buf = '';
    let err = '';
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (d: string) => {
      buf += d;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        buf = buf.slice(nl + 1);
        lines++;
        if (lines >= killAfter && !killed) {
          killed = true;
          p.kill('SIGKILL');
        }
      }
    });
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve({ killed: signal === 'SIGKILL', lines });
      else reject(new Error(`child exited ${code}: ${err}`));
    });
  });
}

let m: Machine;
beforeAll(async () => {
  m = machine();
  // One bundle of the child (this package's source and its dependencies) for all 30 runs: each
  // start is then plain node, and the runs do not depend on dist folders other builds may replace.
  child = join(m.root, 'crash-child.mjs');
  await build({ entryPoints: [childSource], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: child, logLevel: 'silent' });
});
afterAll(async () => {
  await m.cleanup();
});

describe('crash safety', () => {
  it(`survives ${KILLS} SIGKILLs mid-cycle`, { timeout: 150_000 }, async () => {
    const rand = prng(0xf11e);
    const written = new Map<string, Set<string>>();
    const names = Array.from({ length: 24 }, (_, i) => join(m.docs, `d${i % 4}`, `f${i}.bin`));
    const put = (path: string, gen: number) => {
      const big = names.indexOf(path) % 6 === 0;
      const size = big ? 1024 * 1024 + Math.floor(rand() * 1024 * 1024) : Math.floor(rand() * 64 * 1024);
      const b = Buffer.alloc(size, `${path}#${gen}#`);
      write(path, b);
      const set = written.get(path) ?? new Set();
      set.add(sha(b));
      written.set(path, set);
    };
    names.forEach((n) => put(n, 0));
    await configure(m);
    await m.fh.close();

    let killedMidCycle = 0;
    let temps = 0;
    for (let i = 1; i <= KILLS; i++) {
      // Change a few files so every cycle has work; the first cycle copies everything.
      for (let k = 0; k < 5; k++) put(names[Math.floor(rand() * names.length)]!, i);
      m.clock.now += 60_000;
      const r = await runChild(m, m.clock.now, 1 + Math.floor(rand() * 60));
      // Restart the service in-process: recovery runs when it opens the target and finds the
      // cycle marker, that is when the kill landed inside a cycle.
      let recovered = false;
      const fh = m.reopen({
        onEvent: (e) => {
          if (e.type === 'recovery') {
            recovered = true;
            temps += e.tempFilesRemoved;
          }
        },
      });
      const versions = await fh.listVersions(m.docs);
      const root = dataDir(m);
      const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => statSync(join(root, f)).isFile()).sort();
      expect(files.filter((f) => f.includes('~fhtmp-'))).toEqual([]);
      expect(versions.map((v) => v.storedPath).sort()).toEqual(files);
      for (const v of versions) {
        const bytes = readFileSync(v.versionPath);
        expect(bytes.length).toBe(v.size);
        expect(written.get(v.sourcePath)?.has(sha(bytes))).toBe(true);
      }
      await fh.close();
      if (r.killed && recovered) killedMidCycle++;
    }
    expect(killedMidCycle).toBeGreaterThanOrEqual(KILLS / 2);
    expect(temps).toBeGreaterThan(0); // some kills landed in the middle of a file copy

    // The next cycle completes and every file's newest version is its current content.
    const fh = m.reopen();
    m.clock.now += 60_000;
    const pipe = await fh.FhServiceOpenPipe(true);
    await fh.FhServiceStartBackup(pipe, false);
    const last = await fh.waitForIdle();
    expect(last).toMatchObject({ stopped: false, skipped: [] });
    expect(last?.error).toBeUndefined();
    for (const n of names) {
      const vs = await fh.listVersions(n);
      expect(readFileSync(vs[vs.length - 1]!.versionPath).equals(readFileSync(n))).toBe(true);
    }
  });
});
