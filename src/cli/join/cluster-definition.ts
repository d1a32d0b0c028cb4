import { setTimeout as sleep } from 'node:timers/promises';
import { loadYaml } from '@kubernetes/client-node';
import { applyObject, getObject } from '../../kube/apply.js';
import type { KubeClient } from '../../kube/client.js';
import type { KubeObject } from '../../core/objects.js';
import { customResourceDefinitions } from '../../kube/resources.js';
import { readPackageFile } from '../../kube/package-files.js';

/** clusterDefinitionPath is the Cluster CRD's manifest, the one `kubectl apply -k manifests/` installs too. */
export const clusterDefinitionPath = 'manifests/crds/federation.kubefed.dev_clusters.yaml';

interface DefinitionStatus extends KubeObject {
  status?: { conditions?: { type: string; status: string }[] };
}

/** ensureClusterDefinition installs (or updates) the Cluster CRD in the federation API server and waits until it is served. */
export async function ensureClusterDefinition(federation: KubeClient, log: (line: string) => void, waitMs = 30_000): Promise<void> {
  const definition = loadYaml<KubeObject>(readPackageFile(clusterDefinitionPath));
  const name = definition.metadata.name ?? '';
  const existing = await getObject<DefinitionStatus>(federation, customResourceDefinitions, name);
  await applyObject(federation, customResourceDefinitions, definition);
  if (!existing) {
    log(`installed the Cluster API (${name})`);
  }
  const deadline = Date.now() + waitMs;
  for (;;) {
    const current = await getObject<DefinitionStatus>(federation, customResourceDefinitions, name);
    if (current?.status?.conditions?.some((condition) => condition.type === 'Established' && condition.status === 'True')) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`the Cluster CRD ${name} was not established within ${waitMs / 1000}s`);
    }
    await sleep(200);
  }
}
