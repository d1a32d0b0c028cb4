/**
 * TokenBucket is golang.org/x/time/rate's reservation maths: tokens refill at qps up to burst, and a
 * reservation may drive the balance negative, which becomes the caller's wait. Time is passed in.
 */
export class TokenBucket {
  #tokens: number;
  #updated: number;

  constructor(
    readonly qps: number,
    readonly burst: number,
    now: number,
  ) {
    this.#tokens = burst;
    this.#updated = now;
  }

  /** reserve takes one token and returns how many milliseconds the caller must wait before using it. */
  reserve(now: number): number {
    if (this.qps <= 0) {
      return 0;
    }
    const elapsedSeconds = Math.max(0, now - this.#updated) / 1000;
    this.#tokens = Math.min(this.burst, this.#tokens + elapsedSeconds * this.qps);
    this.#updated = Math.max(this.#updated, now);
    this.#tokens -= 1;
    return this.#tokens >= 0 ? 0 : (-this.#tokens / this.qps) * 1000;
  }
}
