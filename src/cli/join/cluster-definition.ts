import { setTimeout as sleep } from 'node:timers/promises';
import { loadYaml } from '@kubernetes/client-node';
import { applyObject, getObject } from '../../kube/apply.js';
import type { KubeClient } from '../../kube/client.js';
import type { KubeObject } from '../../core/objects.js';
import { customResourceDefinitions, mutatingAdmissionPolicies, mutatingAdmissionPolicyBindings } from '../../kube/resources.js';
import { isNotFound } from '../../kube/errors.js';
import { finalizerPolicyName, finalizerPolicyObjects } from '../../controllers/kinds/finalizer-policy.js';
import { readPackageFile } from '../../kube/package-files.js';
import { isJsonObject } from '../../scheduling/go-json.js';

/**
 * kubefed's own CRDs, the ones `kubectl apply -k manifests/` installs too: Cluster, and FederatedTypes
 * (the types `kubefed enable` adds).
 */
export const definitionPaths = ['manifests/crds/federation.kubefed.dev_clusters.yaml', 'manifests/crds/federation.kubefed.dev_federatedtypes.yaml'];

interface DefinitionStatus extends KubeObject {
  status?: { conditions?: { type: string; status: string }[] };
}

/**
 * ensureClusterDefinition installs (or updates) kubefed's CRDs in the federation API server and waits until
 * they are served, then its finalizer policy (see ensureFinalizerPolicy).
 */
export async function ensureClusterDefinition(federation: KubeClient, log: (line: string) => void, waitMs = 30_000): Promise<void> {
  for (const path of definitionPaths) {
    await ensureDefinition(federation, loadYaml<KubeObject>(readPackageFile(path)), log, waitMs);
  }
  await ensureFinalizerPolicy(federation, log);
}

/**
 * ensureFinalizerPolicy installs (or updates) the MutatingAdmissionPolicy that gives federated objects
 * kubefed's finalizer as they are created (controllers/kinds/finalizer-policy.ts). An API server without
 * MutatingAdmissionPolicy (before Kubernetes 1.36) goes on without it: the controller adds the finalizer.
 */
async function ensureFinalizerPolicy(federation: KubeClient, log: (line: string) => void): Promise<void> {
  const [policy, binding] = finalizerPolicyObjects() as [KubeObject, KubeObject];
  try {
    const existing = await getObject(federation, mutatingAdmissionPolicies, finalizerPolicyName);
    await applyObject(federation, mutatingAdmissionPolicies, policy);
    await applyObject(federation, mutatingAdmissionPolicyBindings, binding);
    if (!existing) {
      log(`installed the admission policy ${finalizerPolicyName}: objects kubefed federates get its finalizer as they are created`);
    }
  } catch (error) {
    if (!isNotFound(error)) {
      throw error;
    }
    log(`the federation API server serves no MutatingAdmissionPolicy (Kubernetes 1.36 or later does): kubefed adds its finalizer with a write of its own`);
  }
}

async function ensureDefinition(federation: KubeClient, definition: KubeObject, log: (line: string) => void, waitMs: number): Promise<void> {
  const name = definition.metadata.name ?? '';
  const names = isJsonObject(definition.spec) ? definition.spec.names : undefined;
  const kind = isJsonObject(names) && typeof names.kind === 'string' ? names.kind : name;
  const existing = await getObject<DefinitionStatus>(federation, customResourceDefinitions, name);
  await applyObject(federation, customResourceDefinitions, definition);
  if (!existing) {
    log(`installed the ${kind} API (${name})`);
  }
  const deadline = Date.now() + waitMs;
  for (;;) {
    const current = await getObject<DefinitionStatus>(federation, customResourceDefinitions, name);
    if (current?.status?.conditions?.some((condition) => condition.type === 'Established' && condition.status === 'True')) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`the ${kind} CRD ${name} was not established within ${waitMs / 1000}s`);
    }
    await sleep(200);
  }
}
