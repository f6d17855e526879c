// Snapshot consistency: a writer keeps writing two files that must agree. Copying happens while
// writers are frozen (OnFreeze..OnThaw), so every snapshot holds an agreeing pair.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awaitVssAsync, CVssWriter, VSS_ST_TRANSACTEDDB, VSS_UT_USERDATA, type ReferenceVss } from '../src/index.js';
import { expectNoLeaks, startBackup, useMachine, type Machine } from './helpers.js';

let m: Machine;
useMachine((x) => (m = x));

/** Writes n to pair/a then, a few turns later, to pair/b; holds between pairs while frozen. */
class PairWriter extends CVssWriter {
  counter = 0;
  frozen = false;
  /** Pairs the live files were seen to disagree between (proves the window exists). */
  torn = 0;
  #stop = false;
  #idle: Promise<void> = Promise.resolve();
  #release: (() => void) | null = null;
  #loop: Promise<void> | null = null;

  constructor(
    vss: ReferenceVss,
    readonly dir: string,
  ) {
    super(vss);
  }

  start(): void {
    this.#loop = (async () => {
      while (!this.#stop) {
        await this.#idle;
        const n = ++this.counter;
        await writeFile(join(this.dir, 'a.txt'), String(n));
        for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
        if (readFileSync(join(this.dir, 'b.txt'), 'utf8') !== String(n)) this.torn++;
        await writeFile(join(this.dir, 'b.txt'), String(n));
      }
    })();
  }

  async stop(): Promise<void> {
    this.#stop = true;
    this.#thaw();
    await this.#loop;
  }

  #thaw(): void {
    this.frozen = false;
    this.#release?.();
    this.#release = null;
    this.#idle = Promise.resolve();
  }

  OnPrepareSnapshot(): boolean {
    return true;
  }
  async OnFreeze(): Promise<boolean> {
    // hold new pairs, then let the pair in flight finish
    this.#idle = new Promise<void>((r) => (this.#release = r));
    const before = this.counter;
    for (;;) {
      const a = readFileSync(join(this.dir, 'a.txt'), 'utf8');
      const b = readFileSync(join(this.dir, 'b.txt'), 'utf8');
      if (a === b && Number(a) >= before) break;
      await new Promise((r) => setImmediate(r));
    }
    this.frozen = true;
    return true;
  }
  OnThaw(): boolean {
    this.#thaw();
    return true;
  }
  OnAbort(): boolean {
    this.#thaw();
    return true;
  }
}

describe('snapshot consistency', () => {
  it('every snapshot holds an agreeing pair while the writer keeps writing', async () => {
    const dir = join(m.volC, 'data');
    await writeFile(join(dir, 'a.txt'), '0');
    await writeFile(join(dir, 'b.txt'), '0');
    const w = new PairWriter(m.vss, dir);
    await w.Initialize('22222222-0000-0000-0000-000000000001', 'Pair Writer', VSS_UT_USERDATA, VSS_ST_TRANSACTEDDB);
    await w.Subscribe();
    w.start();
    const seen: number[] = [];
    for (let i = 0; i < 12; i++) {
      const { bc, snapshotIds } = await startBackup(m.vss);
      await awaitVssAsync(await bc.PrepareForBackup());
      await awaitVssAsync(await bc.DoSnapshotSet());
      const dev = (await bc.GetSnapshotProperties(snapshotIds[0]!)).m_pwszSnapshotDeviceObject;
      const a = readFileSync(m.vss.resolvePath(`${dev}\\data\\a.txt`)!, 'utf8');
      const b = readFileSync(m.vss.resolvePath(`${dev}\\data\\b.txt`)!, 'utf8');
      expect(b).toBe(a);
      seen.push(Number(a));
      await awaitVssAsync(await bc.BackupComplete());
      await bc.Release();
      // let the writer make progress between backups
      const c = w.counter;
      while (w.counter < c + 3) await new Promise((r) => setImmediate(r));
    }
    await w.stop();
    await w.Unsubscribe();
    // the writer really was writing during the run, with torn live states in between
    expect(new Set(seen).size).toBe(seen.length);
    expect(w.torn).toBeGreaterThan(0);
    expectNoLeaks(m);
  });
});
