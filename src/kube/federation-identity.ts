import type { Logger } from '../runtime/observability/logger.js';
import type { FederationIdentity } from '../core/propagation/identity.js';
import type { Clock } from '../runtime/clock.js';
import type { KubeClient } from './client.js';
import { errorMessage } from './errors.js';
import type { KubeList } from '../core/objects.js';
import { collectionPath, namespaces } from './resources.js';

/** identityNamespace's uid identifies a federation API server: made once when its etcd is new, never reused. */
export const identityNamespace = 'kube-system';

/**
 * readFederationIdentity learns the federation's id from its API server. It lists (rather than gets) the
 * namespace, so the controller-manager's role needs nothing beyond the namespaces list it has anyway.
 */
export async function readFederationIdentity(client: KubeClient, name: string): Promise<FederationIdentity> {
  const list = await client.request<KubeList>({ path: collectionPath(namespaces), query: { fieldSelector: `metadata.name=${identityNamespace}` } });
  const id = list.items[0]?.metadata.uid;
  if (!id) {
    throw new Error(`the federation API server at ${client.server} has no ${identityNamespace} namespace to take the federation id from`);
  }
  return { name, id };
}

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
