import { isDeepStrictEqual } from 'node:util';
import { applyObject, getObject } from '../kube/apply.js';
import type { KubeClient } from '../kube/client.js';
import { errorMessage } from '../kube/errors.js';
import { configMaps } from '../kube/resources.js';
import { fieldManager } from '../core/well-known.js';
import type { Logger } from '../runtime/observability/logger.js';
import { finalizerParameters } from '../controllers/kinds/finalizer-policy.js';

/**
 * publishFinalizerParameters tells the federation API server's finalizer policy (kinds/finalizer-policy.ts)
 * which built-in kinds this controller-manager federates, so their objects get kubefed's finalizer as
 * they are created and no others do. It is written only when it differs, so a restart in sync writes
 * nothing. Without it (older RBAC, an API server without the policy) nothing breaks: the controller adds
 * the finalizer itself, one write more.
 */
export async function publishFinalizerParameters(client: KubeClient, controllers: readonly string[], logger: Logger): Promise<void> {
  const parameters = finalizerParameters(controllers);
  try {
    const current = await getObject(client, configMaps, parameters.metadata.name ?? '', parameters.metadata.namespace);
    if (current && isDeepStrictEqual(current.data ?? {}, parameters.data)) {
      return;
    }
    await applyObject(client, configMaps, parameters, fieldManager);
    logger.info('finalizer policy parameters written', { kinds: Object.keys(parameters.data ?? {}) });
  } catch (error) {
    logger.warn('finalizer policy parameters not written: kubefed adds its finalizer with a write of its own', { error: errorMessage(error) });
  }
}
