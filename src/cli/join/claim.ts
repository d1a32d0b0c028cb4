import { cliFieldManager, getObject } from '../../kube/apply.js';
import type { KubeClient } from '../../kube/client.js';
import type { KubeList } from '../../core/objects.js';
import { collectionPath, objectPath, type ResourceType } from '../../kube/resources.js';
import { type FederationIdentity, legacySelector } from '../../core/propagation/identity.js';
import { federationIdLabel } from '../../core/well-known.js';

export interface ClaimResult {
  claimed: number;
  /** unclaimed names copies of this federation's name that it has no source for: maybe another federation's. */
  unclaimed: string[];
}

/**
 * claimLegacyCopies labels the member copies made before copies carried the federation id (labelled
 * managed-by=<name> only) with this federation's id, so its controller-manager manages them again. A copy is
 * claimed only when this federation holds its source object: one it has no source for may be the copy of
 * another federation of the same name that shared the member, and claiming it would let the sweep delete it.
 * Unclaimed copies are left as they are (no federation touches them) and reported.
 */
export async function claimLegacyCopies(member: KubeClient, federation: KubeClient, identity: FederationIdentity, types: readonly ResourceType[]): Promise<ClaimResult> {
  const result: ClaimResult = { claimed: 0, unclaimed: [] };
  for (const type of types) {
    const list = await member.request<KubeList>({ path: collectionPath(type), query: { labelSelector: legacySelector(identity.name) } });
    for (const copy of list.items) {
      const { name = '', namespace } = copy.metadata;
      const source = await getObject(federation, type, name, namespace);
      if (!source) {
        result.unclaimed.push(`${type.kind} ${namespace ? `${namespace}/` : ''}${name}`);
        continue;
      }
      await member.request({
        method: 'PATCH',
        path: objectPath(type, namespace, name),
        contentType: 'application/merge-patch+json',
        query: { fieldManager: cliFieldManager },
        // The uid precondition makes the patch fail rather than label an object that replaced the one listed.
        body: { metadata: { uid: copy.metadata.uid, labels: { [federationIdLabel]: identity.id } } },
      });
      result.claimed += 1;
    }
  }
  return result;
}
