/** Runs work one at a time per key, in arrival order; different keys run in parallel. */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    // The key is released before the caller sees the result, so `isBusy` right after an awaited run is false.
    const result = previous.then(work, work).finally(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    const tail: Promise<unknown> = result.catch(() => undefined);
    this.#tails.set(key, tail);
    return result;
  }

  isBusy(key: string): boolean {
    return this.#tails.has(key);
  }

  /** Resolves when every piece of work queued so far has finished. */
  async drain(): Promise<void> {
    while (this.#tails.size > 0) await Promise.all([...this.#tails.values()]);
  }
}
