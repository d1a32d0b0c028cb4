import type { KubeClient } from '../kube/client.js';
import { namespacedResources } from '../kube/discovery.js';
import { isForbidden } from '../kube/errors.js';
import { collectionPath, type ResourceType, withTypeMeta } from '../kube/resources.js';
import type { KubeList, KubeObject } from '../core/objects.js';
import type { NamespaceContents, NamespaceItem } from '../core/propagation/namespace-departure.js';

/**
 * namespaceContents lists everything in one member namespace, resource by resource (Events aside),
 * and names the resources the member would not let kubefed list. It is read only when a namespace
 * leaves a member, so it is not cached.
 */
export async function namespaceContents(client: Pick<KubeClient, 'request'>, namespace: string): Promise<NamespaceContents<ResourceType>> {
  const types = (await namespacedResources(client)).filter((type) => type.kind !== 'Event');
  const unseen: string[] = [];
  const lists = await Promise.all(
    types.map(async (type) => {
      try {
        return await listAll(client, type, namespace);
      } catch (error) {
        if (!isForbidden(error)) {
          throw error;
        }
        unseen.push(type.group === '' ? type.plural : `${type.plural}.${type.group}`);
        return [];
      }
    }),
  );
  // A resource served by two groups (or versions) lists the same object twice.
  const byUid = new Map(lists.flat().map((item) => [item.object.metadata.uid, item]));
  return { items: [...byUid.values()], unseen: unseen.sort() };
}

async function listAll(client: Pick<KubeClient, 'request'>, type: ResourceType, namespace: string): Promise<NamespaceItem<ResourceType>[]> {
  const items: NamespaceItem<ResourceType>[] = [];
  let next: string | undefined;
  do {
    const page = await client.request<KubeList<KubeObject>>({ path: collectionPath(type, namespace), query: { limit: 500, continue: next } });
    items.push(...page.items.map((object) => ({ type, object: withTypeMeta(object, type) })));
    next = page.metadata.continue || undefined;
  } while (next !== undefined);
  return items;
}
