import type { FederationIdentity } from '../core/propagation/identity.js';
import type { KubeClient } from './client.js';
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
