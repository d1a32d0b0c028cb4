import type { KubeClient } from './client.js';
import type { ResourceType } from './resources.js';

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
  verbs?: string[];
}

interface ApiGroup {
  name: string;
  preferredVersion?: { version: string };
}

/**
 * namespacedResources discovers every namespaced resource a server can list, at each group's
 * preferred version (what the namespace controller walks when it empties a namespace).
 * Subresources are left out; a group whose discovery fails is an error, never silently skipped.
 */
export async function namespacedResources(client: Pick<KubeClient, 'request'>): Promise<ResourceType[]> {
  const groups = await client.request<{ groups?: ApiGroup[] }>({ path: '/apis' });
  const versions = [
    { group: '', version: 'v1', path: '/api/v1' },
    ...(groups.groups ?? [])
      .filter((group) => group.preferredVersion !== undefined)
      .map((group) => ({ group: group.name, version: group.preferredVersion!.version, path: `/apis/${group.name}/${group.preferredVersion!.version}` })),
  ];
  const lists = await Promise.all(
    versions.map(async ({ group, version, path }) => {
      const list = await client.request<{ resources?: ApiResource[] }>({ path });
      return (list.resources ?? [])
        .filter((resource) => resource.namespaced && !resource.name.includes('/') && (resource.verbs ?? []).includes('list'))
        .map((resource): ResourceType => ({ group, version, kind: resource.kind, plural: resource.name, namespaced: true }));
    }),
  );
  return lists.flat();
}
