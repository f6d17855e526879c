// A progress line for the tour: rewritten in place on a terminal, plain lines otherwise (a log, CI):
// there only when the milestone changes (a new file, a new quarter of it), so output stays short.

/** Shows the progress of one task; `done` replaces it with a final line. */
export interface ProgressLine {
  /** The current state; `milestone` says when a plain (non-terminal) line is worth printing. */
  update(text: string, milestone: string): void;
  done(text: string): void;
}

/** A progress line under `log` (which indents the tour's lines by two spaces). */
export function progressLine(log: (line: string) => void, out: NodeJS.WriteStream = process.stdout): ProgressLine {
  const tty = out.isTTY === true;
  let lastMilestone: string | undefined;
  let lastDraw = 0;
  let drawn = false;
  return {
    update(text, milestone) {
      if (!tty) {
        if (milestone !== lastMilestone) log(text);
        lastMilestone = milestone;
        return;
      }
      const now = Date.now();
      if (milestone === lastMilestone && now - lastDraw < 50) return;
      lastMilestone = milestone;
      lastDraw = now;
      out.write(`\r\x1b[K  ${text.slice(0, Math.max(20, (out.columns || 80) - 3))}`);
      drawn = true;
    },
    done(text) {
      if (drawn) out.write('\r\x1b[K');
      drawn = false;
      log(text);
    },
  };
}

/** `12.3 MiB`, `512 KiB`, `42 B`. */
export function bytes(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1 << 10) return `${Math.round(n / (1 << 10))} KiB`;
  return `${n} B`;
}
