// Two processes on the same ESE files (esent.dll holds its current log and its databases with share
// mode 0): the second JetInit on the same logs is JET_errFileAccessDenied, and so is attaching (or
// overwriting) a database another process holds; nothing of the holder's is read into or written.
// A SIGKILLed holder does not block recovery: its lock is stale and taken over.
import { JET_errFileAccessDenied } from '@winbackup/errors';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceEsent } from '../src/index.js';
import { bundleChildScript, fixture, insert, tempRoot } from './helpers.js';

let bundle: string;
let work: { dir: string; cleanup: () => void };
beforeAll(async () => {
  work = tempRoot();
  bundle = join(work.dir, 'child.mjs');
  await bundleChildScript(join(import.meta.dirname, 'locking', 'child.ts'), bundle);
});
afterAll(() => work.cleanup());

function start(root: string, mode: string): { p: ChildProcess; line: () => Promise<string>; exit: Promise<[number | null, string | null, string]> } {
  const p = spawn(process.execPath, [bundle, root, mode], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiting: (() => void)[] = [];
  p.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of waiting.splice(0)) w();
  });
  p.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<[number | null, string | null, string]>((resolve) =>
    p.on('exit', (c, s) => {
      resolve([c, s, err]);
      for (const w of waiting.splice(0)) w();
    }),
  );
  const line = async (): Promise<string> => {
    for (;;) {
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        const l = out.slice(0, nl);
        out = out.slice(nl + 1);
        return l;
      }
      if (p.exitCode !== null || p.signalCode !== null) throw new Error(`child ${mode} ended: ${err}`);
      await new Promise<void>((r) => waiting.push(r));
    }
  };
  return { p, line, exit };
}

async function run(root: string, mode: string): Promise<Record<string, unknown>> {
  const c = start(root, mode);
  const l = await c.line();
  const [code, , err] = await c.exit;
  expect({ code, err }).toEqual({ code: 0, err: '' });
  return JSON.parse(l) as Record<string, unknown>;
}

/** Every file under dir (recursively) with its size and content hash. */
function state(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const p = join(e.parentPath, e.name);
    out[p.slice(dir.length + 1)] = `${statSync(p).size}:${createHash('sha256').update(readFileSync(p)).digest('hex')}`;
  }
  return out;
}

describe('two processes on the same files', { timeout: 60_000 }, () => {
  it('the second JetInit on held logs and an attach of a held database are JET_errFileAccessDenied, with nothing written', async () => {
    const root = join(work.dir, 'live');
    mkdirSync(root);
    const holder = start(root, 'hold');
    expect(await holder.line()).toBe('READY 1');
    const before = state(root);
    expect(Object.keys(before)).toContain('edb.log.lock');
    expect(Object.keys(before)).toContain('test.edb.lock');

    const second = await run(root, 'init');
    expect(second.JetInit).toBe(JET_errFileAccessDenied);
    expect(second.JetInitMessage).toContain(`${join(root, 'edb.log')} is in use by process ${holder.p.pid}`);
    expect(state(root)).toEqual(before);

    const other = await run(root, 'attach');
    expect(other).toMatchObject({ JetInit: 0, JetAttachDatabase: JET_errFileAccessDenied, JetCreateDatabase: JET_errFileAccessDenied });
    expect(other.JetAttachDatabaseMessage).toContain(`${join(root, 'test.edb')} is in use by process ${holder.p.pid}`);
    // the other instance wrote only its own logs; the holder's files are as they were
    const after = state(root);
    expect(Object.fromEntries(Object.entries(after).filter(([k]) => !k.startsWith('other')))).toEqual(before);

    // once the holder terminates, the files are free
    holder.p.stdin!.end();
    expect(await holder.line()).toBe('DONE');
    expect(await holder.exit).toEqual([0, null, '']);
    expect(Object.keys(state(root)).filter((k) => k.endsWith('.lock'))).toEqual([]);
    expect(await run(root, 'init')).toEqual({ JetInit: 0, JetAttachDatabase: 0, rows: 1 });

    // read-only attaches share the database (FILE_SHARE_READ), a read-write one is refused meanwhile
    const reader = start(root, 'hold-ro');
    expect(await reader.line()).toBe('READY 1');
    expect(await run(root, 'attach-ro')).toEqual({ JetAttachDatabase: 0, rows: 1 });
    const rw = await run(root, 'attach');
    expect(rw).toMatchObject({ JetInit: 0, JetAttachDatabase: JET_errFileAccessDenied });
    expect(rw.JetAttachDatabaseMessage).toContain(`is in use by process ${reader.p.pid}`);
    reader.p.stdin!.end();
    expect(await reader.line()).toBe('DONE');
    expect(await reader.exit).toEqual([0, null, '']);
    // and a read-write holder refuses a read-only attach
    const writer = start(root, 'hold');
    expect(await writer.line()).toBe('READY 2');
    expect(await run(root, 'attach-ro')).toMatchObject({ JetAttachDatabase: JET_errFileAccessDenied });
    writer.p.stdin!.end();
    expect(await writer.exit).toEqual([0, null, '']);
    expect(Object.keys(state(root)).filter((k) => k.endsWith('.lock'))).toEqual([]);
  });

  it('a restore into a database and log path another process holds is JET_errFileAccessDenied, nothing written', async () => {
    // a backup set made here, of a database named like the one the other process holds
    const src = join(work.dir, 'src');
    mkdirSync(src);
    const f = await fixture(src);
    await insert(f, 7, 'seven');
    const bak = join(work.dir, 'bak');
    mkdirSync(bak);
    await f.api.JetBackupInstance(f.inst, bak, 0, null);
    await f.api.JetTerm(f.inst);

    const root = join(work.dir, 'restore-target');
    mkdirSync(root);
    const holder = start(root, 'hold');
    expect(await holder.line()).toBe('READY 1');
    const before = state(root);
    const api = createReferenceEsent({ root });
    const inst = await api.JetCreateInstance('restore');
    const e = await api.JetRestoreInstance(inst, bak, root, null).then(() => undefined, (x: unknown) => x as Error & { code: number });
    expect(e?.code).toBe(JET_errFileAccessDenied);
    expect(e?.message).toContain(`${join(root, 'test.edb')} is in use by process ${holder.p.pid}`);
    expect(state(root)).toEqual(before);
    holder.p.stdin!.end();
    expect(await holder.exit).toEqual([0, null, '']);
  });

  it('a SIGKILLed holder does not block the next process: its lock is stale, recovery runs', async () => {
    const root = join(work.dir, 'killed');
    mkdirSync(root);
    const holder = start(root, 'hold');
    expect(await holder.line()).toBe('READY 1');
    holder.p.kill('SIGKILL');
    expect((await holder.exit).slice(0, 2)).toEqual([null, 'SIGKILL']);
    expect(Object.keys(state(root))).toContain('edb.log.lock');
    // recovery replays the committed row into the database the killed process left dirty
    expect(await run(root, 'init')).toEqual({ JetInit: 0, JetAttachDatabase: 0, rows: 1 });
    expect(Object.keys(state(root)).filter((k) => k.endsWith('.lock'))).toEqual([]);
  });
});
