// Crash test (issue 3 "Done when"): a writer in a child process is SIGKILLed at random moments 50
// times; after each kill a fresh engine recovers and we check that every transaction whose durable
// commit returned is present, every transaction present is complete, no rolled-back one is, and
// every database page and log record passes its checksum.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceEsent, JET_paramLogFileSize, type JET_COLUMNID } from '../src/index.js';
import { verifyDatabaseFile } from '../src/reference/engine/esestore.js';
import { readLogFile } from '../src/reference/storage/logformat.js';
import { payloadFor } from './crash/payload.js';
import { bundleChildScript, tempRoot } from './helpers.js';

let bundle: string;
let work: { dir: string; cleanup: () => void };

beforeAll(async () => {
  work = tempRoot();
  bundle = join(work.dir, 'writer.mjs');
  await bundleChildScript(join(import.meta.dirname, 'crash', 'writer.ts'), bundle);
});
afterAll(() => work.cleanup());

interface RunLog {
  durable: Set<number>;
  lazy: Set<number>;
  rolledBack: Set<number>;
}

function runAndKill(root: string, seed: number, delayMs: number, circular: boolean, log: RunLog): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, root, String(seed), circular ? 'circular' : 'linear'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      timer ??= setTimeout(() => child.kill('SIGKILL'), delayMs);
    };
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const [kind, n] = line.split(' ');
        const tx = Number(n);
        if (kind === 'C') log.durable.add(tx);
        else if (kind === 'L') log.lazy.add(tx);
        else if (kind === 'R') log.rolledBack.add(tx);
        else if (kind === 'READY' && seed % 2 === 0) arm();
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // odd seeds: the kill can land during startup and recovery too
    if (seed % 2 === 1) arm();
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`writer exited with ${code}: ${err}`));
    });
  });
}

async function verify(root: string, log: RunLog): Promise<number> {
  const api = createReferenceEsent({ root });
  const inst = await api.JetCreateInstance('verify');
  await api.JetSetSystemParameter(inst, null, JET_paramLogFileSize, 64, null);
  await api.JetInit(inst);
  const sesid = await api.JetBeginSession(inst, null, null);
  const present = new Map<number, Set<number>>();
  try {
    await api.JetAttachDatabase(sesid, 'crash.edb', 0);
  } catch (e) {
    // the writer can die before its database exists
    await api.JetTerm(inst);
    expect(log.durable.size).toBe(0);
    return 0;
  }
  const dbid = await api.JetOpenDatabase(sesid, 'crash.edb', null, 0);
  const t = await api.JetOpenTable(sesid, dbid, 'r', null, 0, 0);
  const col = async (name: string): Promise<JET_COLUMNID> => (await api.JetGetTableColumnInfo(sesid, t, name, 0)).columnid;
  const [cTx, cSeq, cData] = [await col('tx'), await col('seq'), await col('data')];
  let rows = 0;
  let more = true;
  try {
    await api.JetMove(sesid, t, 0x80000000 | 0, 0);
  } catch {
    more = false;
  }
  while (more) {
    const tx = (await api.JetRetrieveColumn(sesid, t, cTx, 4, 0, null)).pvData!.readInt32LE(0);
    const seq = (await api.JetRetrieveColumn(sesid, t, cSeq, 4, 0, null)).pvData!.readInt32LE(0);
    const data = (await api.JetRetrieveColumn(sesid, t, cData, 4096, 0, null)).pvData!;
    const n = data.readInt32LE(0);
    expect(data.equals(payloadFor(tx, seq, n))).toBe(true);
    let s = present.get(tx);
    if (!s) present.set(tx, (s = new Set()));
    s.add(seq);
    s.add(-n - 1); // remember the size the records claim
    rows++;
    try {
      await api.JetMove(sesid, t, 1, 0);
    } catch {
      more = false;
    }
  }
  // the secondary index holds exactly the same records
  await api.JetSetCurrentIndex(sesid, t, 'byseq');
  let viaIndex = 0;
  let lastSeq = Infinity;
  let ok = true;
  try {
    await api.JetMove(sesid, t, 0x80000000 | 0, 0);
  } catch {
    ok = false;
  }
  while (ok) {
    const seq = (await api.JetRetrieveColumn(sesid, t, cSeq, 4, 0, null)).pvData!.readInt32LE(0);
    expect(seq).toBeLessThanOrEqual(lastSeq);
    lastSeq = seq;
    viaIndex++;
    try {
      await api.JetMove(sesid, t, 1, 0);
    } catch {
      ok = false;
    }
  }
  expect(viaIndex).toBe(rows);
  for (const tx of log.durable) expect(present.has(tx), `durable tx ${tx} present`).toBe(true);
  for (const tx of log.rolledBack) expect(present.has(tx), `rolled back tx ${tx} absent`).toBe(false);
  for (const [tx, s] of present) {
    const sizes = [...s].filter((x) => x < 0);
    expect(sizes.length, `tx ${tx} agrees on its size`).toBe(1);
    const n = -sizes[0]! - 1;
    expect(s.size - 1, `tx ${tx} complete`).toBe(n);
  }
  await api.JetTerm(inst);
  // every written page passes its checksum after recovery (a bad one throws JET_errReadVerifyFailure)
  expect(verifyDatabaseFile(join(root, 'crash.edb'))).toBeGreaterThan(8);
  for (const name of readdirSync(root).filter((f) => /^edb[0-9A-F]{5}\.log$/.test(f))) {
    const gen = parseInt(name.slice(3, 8), 16);
    const r = readLogFile(join(root, name), { gen }, 'verify');
    expect(r.torn).toBe(false);
  }
  return rows;
}

describe('crash recovery', () => {
  it('keeps exactly the committed set across 50 SIGKILLs', { timeout: 120_000 }, async () => {
    const root = join(work.dir, 'linear');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(root);
    const log: RunLog = { durable: new Set(), lazy: new Set(), rolledBack: new Set() };
    let rows = 0;
    for (let i = 0; i < 50; i++) {
      // deterministic "random" moments: 0-250 ms after start (odd) or after READY (even)
      const delay = (i * 37 + 11) % 250;
      await runAndKill(root, i + 1, delay, i % 10 === 9, log);
      rows = await verify(root, log);
    }
    expect(log.durable.size).toBeGreaterThan(20);
    expect(rows).toBeGreaterThan(0);
  });
});
