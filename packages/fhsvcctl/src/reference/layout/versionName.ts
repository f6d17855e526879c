// Version file names: `name (YYYY_MM_DD hh_mm_ss UTC).ext`, the stamp inserted before the last
// extension, in UTC. SEMANTICS.md §4 ("Version names").
import { extname } from 'node:path';

const STAMP = /^(.*) \((\d{4})_(\d{2})_(\d{2}) (\d{2})_(\d{2})_(\d{2}) UTC\)(\.[^.]*)?$/s;

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** `2026_11_23 16_05_00` for a time in ms (seconds are kept, milliseconds dropped). */
export function formatStamp(timeMs: number): string {
  const d = new Date(timeMs);
  return `${pad(d.getUTCFullYear(), 4)}_${pad(d.getUTCMonth() + 1)}_${pad(d.getUTCDate())} ${pad(d.getUTCHours())}_${pad(d.getUTCMinutes())}_${pad(d.getUTCSeconds())}`;
}

/** `report.docx` at t -> `report (2026_11_23 16_05_00 UTC).docx`. */
export function versionFileName(name: string, timeMs: number): string {
  const ext = extname(name);
  const stem = ext === '' ? name : name.slice(0, -ext.length);
  return `${stem} (${formatStamp(timeMs)} UTC)${ext}`;
}

/** The original name and the stamp's time of a version file name, or undefined if it has none. */
export function parseVersionFileName(versionName: string): { name: string; timeMs: number } | undefined {
  const m = STAMP.exec(versionName);
  if (!m) return undefined;
  const [, stem, y, mo, d, h, mi, s, ext] = m;
  const timeMs = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return { name: `${stem ?? ''}${ext ?? ''}`, timeMs };
}
