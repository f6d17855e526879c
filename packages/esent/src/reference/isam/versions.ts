// Snapshot isolation bookkeeping (ESE gives every transaction a snapshot of the database as of its
// JetBeginTransaction). Commits are numbered; a session in a transaction reads, for every record,
// the newest image committed at or before its snapshot, so older images are kept while a snapshot
// still needs them. Numbers are process-wide, so every engine in the process shares them.
let commitSeq = 0;
let nextTag = 2;
const active = new Map<number, number>();

/** Opens a snapshot for a session at its level-0 JetBeginTransaction. */
export function beginSnapshot(sesId: number): void {
  active.set(sesId, commitSeq);
}

export function endSnapshot(sesId: number): void {
  active.delete(sesId);
}

/** The snapshot a session reads at, or undefined outside a transaction (latest images). */
export function snapshotOf(sesId: number): number | undefined {
  return active.get(sesId);
}

export function nextCommitSeq(): number {
  return ++commitSeq;
}

/** A unique tag for an older image's index entries (0 and 1 are the latest and pending images). */
export function nextVersionTag(): number {
  return nextTag++;
}

/** Whether an image valid from commit `from` until commit `until` (exclusive) is still readable. */
export function neededBetween(from: number, until: number): boolean {
  for (const t of active.values()) if (t >= from && t < until) return true;
  return false;
}
