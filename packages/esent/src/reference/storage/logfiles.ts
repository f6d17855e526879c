// Log file naming (SEMANTICS.md §4, spec: ESE_Files.md): the current log is <base>.log, archived
// generations are <base> + upper-case hex generation (5 digits up to 0xFFFFF, then 8), the file
// being prepared is <base>tmp.log and the checkpoint is <base>.chk.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function archiveLogName(base: string, gen: number): string {
  const hex = gen.toString(16).toUpperCase();
  return `${base}${hex.padStart(gen <= 0xfffff ? 5 : 8, '0')}.log`;
}

export function currentLogName(base: string): string {
  return `${base}.log`;
}

export function tmpLogName(base: string): string {
  return `${base}tmp.log`;
}

export function checkpointName(base: string): string {
  return `${base}.chk`;
}

/** Archived generations present in a directory, ascending. */
export function listArchivedGenerations(dir: string, base: string): number[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const re = new RegExp(`^${base.replace(/[^A-Za-z0-9]/g, '\\$&')}([0-9A-F]{5}|[0-9A-F]{8})\\.log$`, 'i');
  const gens: number[] = [];
  for (const n of names) {
    const m = re.exec(n);
    if (m) gens.push(parseInt(m[1]!, 16));
  }
  return gens.sort((a, b) => a - b);
}

export function archiveLogPath(dir: string, base: string, gen: number): string {
  return join(dir, archiveLogName(base, gen));
}
