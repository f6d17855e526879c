// An idle reference File History never keeps its process alive: after a cycle (which starts the
// scan and fsync worker threads) a child process that never calls close() exits by itself.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let work: string;
let bundle: string;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'fhsvcctl-lifetime-'));
  bundle = join(work, 'idle-child.mjs');
  await build({ entryPoints: [join(import.meta.dirname, 'fixtures', 'idle-child.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: bundle, logLevel: 'silent' });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('process lifetime', () => {
  it('a service left idle after a cycle, without close(), lets the process exit', { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, [bundle, work], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    let exitedAt = 0;
    // a worker or timer that kept the loop alive holds the child until this bound kills it
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('exit', (c, s) => {
        exitedAt = Date.now();
        resolve([c, s]);
      }),
    );
    clearTimeout(timer);
    expect({ code, signal, err, out }).toEqual({ code: 0, signal: null, err: '', out: 'COPIED 64 0\n' });
    expect(exitedAt).toBeGreaterThan(0);
  });
});
