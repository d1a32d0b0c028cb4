/**
 * Runnable is the one lifecycle contract of the controller-manager's parts (controller-runtime's
 * manager.Runnable): caches, controllers, the leader elector, the HTTP endpoints. start returns once
 * the part runs (a cache has begun listing, the elector holds the lease); signal aborts a start that
 * waits. stop ends the part: it clears every timer the part set and resolves when work in flight
 * has finished, so that nothing of it is left once stop resolves.
 */
export interface Runnable {
  readonly name: string;
  start(signal: AbortSignal): void | Promise<void>;
  stop(): Promise<void>;
}

/** closing makes a Runnable of something that only needs closing at the end (a client's connection pool). */
export function closing(name: string, close: () => Promise<void>): Runnable {
  return { name, start: () => undefined, stop: close };
}
