// One facade call at a time, in order: the backup's calls share the instance's single backup file
// handle (SEMANTICS.md §1 JetOpenFileInstance, crhfMax = 1), so reads, closes and the End must not
// overtake each other. JetStopBackupInstance deliberately bypasses this (it must reach a read in flight).

/** Runs the functions it is given one after another; a failure does not block the ones after it. */
export class SerialCalls {
  #tail: Promise<unknown> = Promise.resolve();

  /** Queues `fn` behind every call queued before it and resolves with its result. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.#tail.then(fn);
    this.#tail = p.catch(() => undefined);
    return p;
  }

  /** Resolves once every call queued so far has settled. */
  idle(): Promise<void> {
    return this.#tail.then(() => undefined);
  }
}
