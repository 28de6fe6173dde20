/** A token bucket of `perSecond` requests, holding at most one second's worth; callers wait their turn in order. */
export class RateLimiter {
  readonly #perSecond: number;
  readonly #capacity: number;
  #tokens: number;
  #updated = performance.now();
  #queue: Promise<void> = Promise.resolve();

  constructor(perSecond: number) {
    this.#perSecond = perSecond;
    this.#capacity = Math.max(1, perSecond);
    this.#tokens = this.#capacity;
  }

  take(): Promise<void> {
    const turn = this.#queue.then(() => this.#waitForToken());
    this.#queue = turn;
    return turn;
  }

  async #waitForToken(): Promise<void> {
    for (;;) {
      const now = performance.now();
      this.#tokens = Math.min(this.#capacity, this.#tokens + ((now - this.#updated) / 1000) * this.#perSecond);
      this.#updated = now;
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(((1 - this.#tokens) / this.#perSecond) * 1000)));
    }
  }
}
