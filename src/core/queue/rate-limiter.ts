import { TokenBucket } from './token-bucket.js';

/** RateLimiter decides how long a failing key waits before its next attempt (client-go's interface). */
export interface RateLimiter {
  when(key: string, now: number): number;
  forget(key: string): void;
  retries(key: string): number;
}

/** ItemExponentialRateLimiter waits base × 2^failures for each key, capped at max. */
export class ItemExponentialRateLimiter implements RateLimiter {
  readonly #failures = new Map<string, number>();

  constructor(
    readonly baseMs: number,
    readonly maxMs: number,
  ) {}

  when(key: string): number {
    const failures = this.#failures.get(key) ?? 0;
    this.#failures.set(key, failures + 1);
    return Math.min(this.maxMs, this.baseMs * 2 ** failures);
  }

  forget(key: string): void {
    this.#failures.delete(key);
  }

  retries(key: string): number {
    return this.#failures.get(key) ?? 0;
  }
}

/** BucketRateLimiter bounds retries of all keys together, so a burst of failures cannot flood the servers. */
export class BucketRateLimiter implements RateLimiter {
  readonly #bucket: TokenBucket;

  constructor(qps: number, burst: number, now: number) {
    this.#bucket = new TokenBucket(qps, burst, now);
  }

  when(_key: string, now: number): number {
    return this.#bucket.reserve(now);
  }

  forget(): void {}

  retries(): number {
    return 0;
  }
}

/** MaxOfRateLimiter waits as long as the strictest of its limiters asks. */
export class MaxOfRateLimiter implements RateLimiter {
  readonly #limiters: RateLimiter[];

  constructor(...limiters: RateLimiter[]) {
    this.#limiters = limiters;
  }

  when(key: string, now: number): number {
    return Math.max(...this.#limiters.map((limiter) => limiter.when(key, now)));
  }

  forget(key: string): void {
    this.#limiters.forEach((limiter) => limiter.forget(key));
  }

  retries(key: string): number {
    return Math.max(...this.#limiters.map((limiter) => limiter.retries(key)));
  }
}

/** defaultControllerRateLimiter is client-go's default with a lower cap: 5 ms doubling to 2 min, 10 qps burst 100 overall. */
export function defaultControllerRateLimiter(now: number): RateLimiter {
  return new MaxOfRateLimiter(new ItemExponentialRateLimiter(5, 120_000), new BucketRateLimiter(10, 100, now));
}
