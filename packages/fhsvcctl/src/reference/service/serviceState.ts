// What the service remembers between runs for one user: when the last cycle ended (FH_FREQUENCY
// counts from there, SEMANTICS.md §3), the last backup set's time (version stamps stay unique) and
// the time files are protected up to (QueryProtectionStatus's ProtectedUntilTime).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomicSync } from '../util/durable.js';

export interface ServiceState {
  lastCycleEnd: number | null;
  lastBackupSetTime: number | null;
  protectedUntil: number | null;
}

export function serviceStatePath(stateDir: string, user: string): string {
  return join(stateDir, 'FileHistory', user, 'Service', 'State.json');
}

export function readServiceState(path: string): ServiceState {
  const empty: ServiceState = { lastCycleEnd: null, lastBackupSetTime: null, protectedUntil: null };
  if (!existsSync(path)) return empty;
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as Partial<ServiceState>;
    const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
    return { lastCycleEnd: num(v.lastCycleEnd), lastBackupSetTime: num(v.lastBackupSetTime), protectedUntil: num(v.protectedUntil) };
  } catch {
    // Written atomically, so this is outside damage: start as if the service had never run.
    return empty;
  }
}

/**
 * Not fsync'd: this is bookkeeping a reader tolerates losing (an unreadable file reads as "never
 * ran"; a rolled-back one moves the next periodic cycle earlier), and version stamps follow the
 * catalog, which is durable. Skipping the fsync keeps cycles from waiting on unrelated writeback.
 */
export function writeServiceState(path: string, s: ServiceState): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomicSync(path, JSON.stringify(s) + '\n', false);
}
