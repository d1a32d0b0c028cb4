import type { FederationIdentity } from '../core/propagation/identity.js';
import type { KubeClient } from '../kube/client.js';
import { errorMessage } from '../kube/errors.js';
import { readFederationIdentity } from '../kube/federation-identity.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/observability/logger.js';

/**
 * learnFederationIdentity reads the federation's id, retrying with backoff while the API server cannot be
 * reached or refuses (the informers wait the same way), until it answers or signal aborts.
 */
export async function learnFederationIdentity(client: KubeClient, name: string, logger: Logger, clock: Clock, signal: AbortSignal): Promise<FederationIdentity> {
  for (let delayMs = 500; ; delayMs = Math.min(delayMs * 2, 10_000)) {
    try {
      return await readFederationIdentity(client, name);
    } catch (error) {
      if (signal.aborted) {
        throw error;
      }
      logger.warn('cannot read the federation identity yet, retrying', { error: errorMessage(error), retryInMs: delayMs });
      await pause(clock, delayMs, signal);
    }
  }
}

/** pause waits delayMs, or less when signal aborts; either way no timer is left behind. */
function pause(clock: Clock, delayMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clock.clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = clock.setTimeout(done, delayMs);
    signal.addEventListener('abort', done, { once: true });
  });
}
