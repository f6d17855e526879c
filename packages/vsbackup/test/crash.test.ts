// A coordinator killed (SIGKILL) in the middle of a snapshot leaves a store the next coordinator
// reads cleanly: persistent snapshots kept, the uncommitted copy and auto-release snapshots gone.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createReferenceVss, GUID_NULL, VSS_CTX_ALL, VSS_OBJECT_NONE, VSS_OBJECT_SNAPSHOT } from '../src/index.js';

const tsx = createRequire(import.meta.url).resolve('tsx');
let root = '';
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function runUntilHang(dir: string): Promise<{ persistent: string; unreleased: string; storeDuringHang: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, join(import.meta.dirname, 'fixtures', 'crash-child.ts'), dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    let ids: { persistent: string; unreleased: string } | null = null;
    let storeDuringHang: string[] = [];
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const lines = out.split('\n');
      for (const line of lines) {
        if (line.startsWith('{') && !ids) ids = JSON.parse(line) as { persistent: string; unreleased: string };
        if (line === 'HANGING' && ids && child.exitCode === null && !child.killed) {
          storeDuringHang = readdirSync(join(dir, 'store')).sort();
          child.kill('SIGKILL');
        }
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' && ids) resolve({ ...ids, storeDuringHang });
      else reject(new Error(`child ended with ${code ?? signal} before hanging`));
    });
  });
}

describe('crash', () => {
  it('SIGKILL between the copy and the commit of a persistent set', async () => {
    root = mkdtempSync(join(tmpdir(), 'vsbackup-crash-'));
    mkdirSync(join(root, 'C', 'data'), { recursive: true });
    writeFileSync(join(root, 'C', 'data', 'a.txt'), 'before the crash');
    const { persistent, unreleased, storeDuringHang } = await runUntilHang(root);
    // at the moment of the kill: two committed snapshots, one finished but uncommitted copy
    expect(storeDuringHang.filter((n) => n.startsWith('HarddiskVolumeShadowCopy'))).toEqual(['HarddiskVolumeShadowCopy1', 'HarddiskVolumeShadowCopy2']);
    expect(storeDuringHang.filter((n) => n.startsWith('.tmp-'))).toHaveLength(1);

    const vss = createReferenceVss({ volumes: { 'C:\\': join(root, 'C') }, store: join(root, 'store') });
    expect(readdirSync(join(root, 'store')).sort()).toEqual(['HarddiskVolumeShadowCopy1', 'catalog.json']);
    const bc = await vss.CreateVssBackupComponents();
    await bc.InitializeForBackup();
    await bc.SetContext(VSS_CTX_ALL);
    const list = await bc.Query(GUID_NULL, VSS_OBJECT_NONE, VSS_OBJECT_SNAPSHOT);
    expect(list.map((o) => (o.Type === VSS_OBJECT_SNAPSHOT ? o.Obj.Snap.m_SnapshotId : ''))).toEqual([persistent]);
    expect(list.map((o) => (o.Type === VSS_OBJECT_SNAPSHOT ? o.Obj.Snap.m_SnapshotId : ''))).not.toContain(unreleased);
    const dev = (await bc.GetSnapshotProperties(persistent)).m_pwszSnapshotDeviceObject;
    expect(readFileSync(vss.resolvePath(`${dev}\\data\\a.txt`)!, 'utf8')).toBe('before the crash');
    expect((await bc.DeleteSnapshots(persistent, VSS_OBJECT_SNAPSHOT, true)).plDeletedSnapshots).toBe(1);
    await bc.Release();
    expect(readdirSync(join(root, 'store'))).toEqual(['catalog.json']);
  }, 60_000);
});
