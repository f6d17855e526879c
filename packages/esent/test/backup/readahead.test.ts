// The read-ahead workers of a database stream never keep the process alive on their own (they are
// unref'd), while a read waiting on one does, as a pending file read would: a child process that
// reads one chunk and leaves the backup open prints what it read and exits by itself.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleChildScript, tempRoot } from '../helpers.js';

let bundle: string;
let work: { dir: string; cleanup: () => void };

beforeAll(async () => {
  work = tempRoot();
  bundle = join(work.dir, 'child.mjs');
  await bundleChildScript(join(import.meta.dirname, 'readahead', 'child.ts'), bundle);
});
afterAll(() => work.cleanup());

describe('read-ahead workers and process lifetime', () => {
  it('a backup left open with its workers running does not keep the process alive; a waiting read does', async () => {
    const child = spawn(process.execPath, [bundle, work.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // a worker that kept the loop alive would hold the child until the test timeout kills it
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
    clearTimeout(timer);
    expect({ code, signal, err }).toEqual({ code: 0, signal: null, err: '' });
    const m = /^READ (\d+) of (\d+)\n$/.exec(out);
    // the database spans several 2-page chunks, and the read got the 64 KiB it asked for
    expect(Number(m?.[2])).toBeGreaterThan(1 << 16);
    expect(Number(m?.[1])).toBe(1 << 16);
  });
});
