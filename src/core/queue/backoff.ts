/** BackoffPolicy is client-go's wait.Backoff: delays grow by factor from initial to max, with jitter. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** jitter adds up to jitter × delay at random, so many clients do not retry in step. */
  jitter: number;
}

/** reflectorBackoff is what client-go's reflector uses between failed list/watch attempts. */
export const reflectorBackoff: BackoffPolicy = { initialMs: 800, maxMs: 30_000, factor: 2, jitter: 1 };

/** backoffDelay is the wait before retry number attempt (0-based); random is injected for tests. */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, attempt));
  return Math.min(policy.maxMs, base + base * policy.jitter * random());
}
