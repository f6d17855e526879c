// The write gate: while frozen (JetOSSnapshotFreeze), calls that would write database or log
// files wait at their start until the gate is thawed. Reads are not held.
export class WriteGate {
  private frozen = false;
  private waiters: (() => void)[] = [];

  get isFrozen(): boolean {
    return this.frozen;
  }

  freeze(): void {
    this.frozen = true;
  }

  thaw(): void {
    this.frozen = false;
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves at once when open, else when thawed. */
  wait(): Promise<void> {
    if (!this.frozen) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
