import type { KubeClient } from '../../kube/client.js';
import { errorMessage } from '../../kube/errors.js';
import type { KubeObject } from '../../core/objects.js';
import { controlPlane } from './names.js';
import { typeOf } from './resource-types.js';

interface AccessReview {
  status?: { allowed?: boolean; reason?: string };
}

/** reachHost fails with one clear line when the host API server cannot be reached or refuses the credentials. */
export async function reachHost(client: KubeClient, context: string): Promise<void> {
  try {
    await client.request({ path: '/version', timeoutMs: 15_000 });
  } catch (error) {
    throw new Error(`host cluster (context ${context}) at ${client.server} cannot be reached: ${errorMessage(error)}`, { cause: error });
  }
}

/**
 * missingPermissions asks the host (SelfSubjectAccessReview) whether the user may create and patch
 * every kind init applies, and lists what is denied, so init fails before it makes anything.
 */
export async function missingPermissions(client: KubeClient, objects: KubeObject[]): Promise<string[]> {
  const wanted = new Map<string, { group: string; resource: string; namespace?: string; verb: string }>();
  for (const object of objects) {
    const type = typeOf(object.kind);
    for (const verb of ['create', 'patch']) {
      const namespace = type.namespaced ? controlPlane.namespace : undefined;
      wanted.set(`${verb} ${type.plural}${type.group ? `.${type.group}` : ''}`, { group: type.group, resource: type.plural, verb, ...(namespace ? { namespace } : {}) });
    }
  }
  const denied = await Promise.all(
    [...wanted].map(async ([label, attributes]) => {
      const review = await client.request<AccessReview>({
        method: 'POST',
        path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: attributes } },
      });
      return review.status?.allowed ? undefined : `${label}${attributes.namespace ? ` in ${attributes.namespace}` : ''}`;
    }),
  );
  return denied.filter((entry): entry is string => entry !== undefined);
}
