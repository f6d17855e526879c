// Injectable time source for the reference: timestamps, the Freeze-to-Thaw window, the
// flush-and-hold window and IVssAsync::Wait timeouts all go through it, so tests never sleep.

/** An opaque timer of a {@link VssClock}. */
export interface VssTimerHandle {
  readonly __vssTimer: true;
}

/** The time source of the reference VSS: timestamps, the freeze and flush-and-hold windows, IVssAsync::Wait timeouts. */
export interface VssClock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Calls `callback` once `ms` milliseconds have passed on this clock. */
  setTimeout(callback: () => void, ms: number): VssTimerHandle;
  /** Cancels a timer that has not fired. */
  clearTimeout(handle: VssTimerHandle): void;
}

/** The real clock (Date.now and Node's timers): the default. */
export const systemClock: VssClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms) as unknown as VssTimerHandle,
  clearTimeout: (handle) => clearTimeout(handle as unknown as ReturnType<typeof setTimeout>),
};

/** A {@link VssClock} that moves only when told to. */
export interface ManualVssClock extends VssClock {
  /** Moves time forward, firing due timers in deadline order. */
  advance(ms: number): void;
  /** Timers not yet fired or cleared. */
  pendingTimers(): number;
}

/**
 * A clock that only moves when told to, for deterministic tests of the 60 s freeze window and the
 * 10 s flush-and-hold window: pass it as `createReferenceVss({ clock })` and call `advance(ms)`.
 * @returns the clock, starting at `startMs` (2026-01-01 UTC by default).
 */
export function createManualVssClock(startMs = Date.UTC(2026, 0, 1)): ManualVssClock {
  let now = startMs;
  let seq = 0;
  const timers = new Map<VssTimerHandle, { at: number; seq: number; cb: () => void }>();
  return {
    now: () => now,
    setTimeout(cb, ms) {
      const handle = { __vssTimer: true } as VssTimerHandle;
      timers.set(handle, { at: now + Math.max(0, ms), seq: seq++, cb });
      return handle;
    },
    clearTimeout(handle) {
      timers.delete(handle);
    },
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError('advance needs a non-negative number of milliseconds');
      const target = now + ms;
      for (;;) {
        let next: [VssTimerHandle, { at: number; seq: number; cb: () => void }] | undefined;
        for (const e of timers) {
          if (e[1].at <= target && (!next || e[1].at < next[1].at || (e[1].at === next[1].at && e[1].seq < next[1].seq))) next = e;
        }
        if (!next) break;
        timers.delete(next[0]);
        now = Math.max(now, next[1].at);
        next[1].cb();
      }
      now = target;
    },
    pendingTimers: () => timers.size,
  };
}

/** FILETIME ticks (100 ns since 1601-01-01) for a Unix-epoch millisecond time. */
export function toVssTimestamp(ms: number): bigint {
  return (BigInt(Math.round(ms)) + 11644473600000n) * 10000n;
}
