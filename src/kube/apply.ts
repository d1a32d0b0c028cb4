import type { KubeClient } from './client.js';
import { ApiError, isNotFound } from './errors.js';
import type { KubeObject } from '../core/objects.js';
import { objectPath, type ResourceType } from './resources.js';

/** cliFieldManager owns what the kubefed CLI writes, apart from the controller-manager's own fields. */
export const cliFieldManager = 'kubefed-cli';

/** applyObject server-side applies an object (create or update) and returns what the server stored. */
export function applyObject<T extends KubeObject>(client: KubeClient, type: ResourceType, object: T, manager = cliFieldManager): Promise<T> {
  const { namespace, name } = object.metadata;
  return client.request<T>({
    method: 'PATCH',
    path: objectPath(type, namespace, name ?? ''),
    query: { fieldManager: manager, force: true },
    contentType: 'application/apply-patch+yaml',
    body: object,
  });
}

/** getObject reads one object, or undefined when it does not exist. */
/** requireObject reads one object that must exist; its absence is an error naming it. */
export async function requireObject<T extends KubeObject>(client: KubeClient, type: ResourceType, name: string, namespace?: string): Promise<T> {
  const found = await getObject<T>(client, type, name, namespace);
  if (found === undefined) {
    throw new ApiError(404, 'NotFound', `${type.kind} ${namespace === undefined ? name : `${namespace}/${name}`} not found at ${client.server}`);
  }
  return found;
}

export async function getObject<T extends KubeObject>(client: KubeClient, type: ResourceType, name: string, namespace?: string): Promise<T | undefined> {
  try {
    return await client.request<T>({ path: objectPath(type, namespace, name) });
  } catch (error) {
    if (isNotFound(error)) {
      return undefined;
    }
    throw error;
  }
}

/** deleteObject deletes one object with background propagation; a missing object is fine. */
export async function deleteObject(client: KubeClient, type: ResourceType, name: string, namespace?: string): Promise<void> {
  try {
    await client.request({
      method: 'DELETE',
      path: objectPath(type, namespace, name),
      body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' },
    });
  } catch (error) {
    if (!isNotFound(error)) {
      throw error;
    }
  }
}
