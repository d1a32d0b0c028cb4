import type { KubeClient } from './client.js';
import { isNotFound } from './errors.js';
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

/** DiscoveredList is one group version's resources as discovery lists them (APIResourceList). */
export interface DiscoveredList {
  groupVersion: string;
  resources: ApiResource[];
}

/**
 * groupResources lists one API group's resources, the preferred version first ("" is the core group,
 * served at /api/v1). A group the server does not serve is an empty list, not an error.
 */
export async function groupResources(client: Pick<KubeClient, 'request'>, group: string): Promise<DiscoveredList[]> {
  const paths =
    group === ''
      ? ['/api/v1']
      : await client
          .request<{ versions?: { groupVersion: string }[]; preferredVersion?: { groupVersion: string } }>({ path: `/apis/${group}` })
          .then((found) => {
            const versions = (found.versions ?? []).map((version) => version.groupVersion);
            const preferred = found.preferredVersion?.groupVersion;
            return [...(preferred ? [preferred] : []), ...versions.filter((version) => version !== preferred)].map((version) => `/apis/${version}`);
          })
          .catch((error: unknown) => {
            if (isNotFound(error)) {
              return [];
            }
            throw error;
          });
  return Promise.all(
    paths.map(async (path) => {
      const list = await client.request<{ groupVersion?: string; resources?: ApiResource[] }>({ path });
      return { groupVersion: list.groupVersion ?? path.replace(/^\/apis?\//, ''), resources: list.resources ?? [] };
    }),
  );
}
