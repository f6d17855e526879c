import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createReferenceFileHistory, FH_STATUS_ENABLED, type ReferenceFileHistory, type ReferenceFileHistoryOptions } from '../src/index.js';

export interface Machine {
  readonly root: string;
  readonly stateDir: string;
  readonly profile: string;
  readonly docs: string;
  readonly target: string;
  readonly clock: { now: number };
  fh: ReferenceFileHistory;
  reopen(extra?: Partial<ReferenceFileHistoryOptions>): ReferenceFileHistory;
  cleanup(): Promise<void>;
}

/** A temp machine: profile with a Documents library, a target folder, a controllable clock. */
export function machine(extra: Partial<ReferenceFileHistoryOptions> = {}): Machine {
  const root = mkdtempSync(join(tmpdir(), 'fhsvcctl-test-'));
  const stateDir = join(root, 'state');
  const profile = join(root, 'profile');
  const docs = join(profile, 'Documents');
  const target = join(root, 'target');
  mkdirSync(docs, { recursive: true });
  mkdirSync(target, { recursive: true });
  const clock = { now: Date.UTC(2026, 10, 23, 12, 0, 0) };
  const make = (more: Partial<ReferenceFileHistoryOptions> = {}) =>
    createReferenceFileHistory({ stateDir, profileDir: profile, user: 'alice', computer: 'PC1', clock: () => clock.now, ...extra, ...more });
  const m: Machine = {
    root,
    stateDir,
    profile,
    docs,
    target,
    clock,
    fh: make(),
    reopen(more = {}) {
      m.fh = make(more);
      return m.fh;
    },
    async cleanup() {
      await m.fh.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
  return m;
}

export function write(path: string, data: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

/** Creates the default configuration with the machine's target, enabled, saved and reloaded. */
export async function configure(m: Machine, enable = true): Promise<void> {
  const cfg = m.fh.CoCreateFhConfigMgr();
  await cfg.CreateDefaultConfiguration(true);
  await cfg.ProvisionAndSetNewTarget(m.target, 'Backup disk');
  if (enable) await cfg.SetBackupStatus(FH_STATUS_ENABLED);
  await cfg.SaveConfiguration();
  const pipe = await m.fh.FhServiceOpenPipe(true);
  await m.fh.FhServiceReloadConfiguration(pipe);
  await m.fh.FhServiceClosePipe(pipe);
}

export function dataDir(m: Machine): string {
  return join(m.target, 'FileHistory', 'alice', 'PC1', 'Data');
}
