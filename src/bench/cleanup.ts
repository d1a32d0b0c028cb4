// What must be undone if the benchmark is interrupted (Ctrl-C, SIGTERM) in the middle of a phase: the lab's processes
// and the controller-manager are detached or long-running, so they are stopped explicitly, newest first.

type Cleanup = () => Promise<void>;

const cleanups = new Set<Cleanup>();

/** onInterrupt registers a cleanup and returns a function that unregisters it (call it once the thing is stopped normally). */
export function onInterrupt(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** runCleanups runs every registered cleanup, newest first, each at most once, ignoring failures. */
export async function runCleanups(): Promise<void> {
  const pending = [...cleanups].reverse();
  cleanups.clear();
  for (const cleanup of pending) {
    await cleanup().catch(() => undefined);
  }
}
