// Namespaces for the benchmark's phases: each phase works in a namespace of its own, deleted (and waited for) afterwards.
import { setTimeout as sleep } from 'node:timers/promises';
import type { KubeClient } from '../kube/client.js';
import { isAlreadyExists, isNotFound } from '../kube/errors.js';
import { namespaces, objectPath, collectionPath } from '../kube/resources.js';

export async function createNamespace(client: KubeClient, name: string): Promise<void> {
  try {
    await client.request({ method: 'POST', path: collectionPath(namespaces), body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
  } catch (error) {
    if (!isAlreadyExists(error)) {
      throw error;
    }
  }
}

export async function deleteNamespace(client: KubeClient, name: string): Promise<void> {
  try {
    await client.request({ method: 'DELETE', path: objectPath(namespaces, undefined, name), body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' } });
  } catch (error) {
    if (!isNotFound(error)) {
      throw error;
    }
  }
}

async function namespacePhase(client: KubeClient, name: string): Promise<string | undefined> {
  try {
    const namespace = await client.request<{ status?: { phase?: string } }>({ path: objectPath(namespaces, undefined, name) });
    return namespace.status?.phase ?? 'Active';
  } catch (error) {
    if (isNotFound(error)) {
      return undefined;
    }
    throw error;
  }
}

/**
 * waitNamespace waits until a namespace is Active (present) or gone (absent) in every given cluster. This is set-up
 * and tear-down, not a measured figure, so a GET every 100 ms is good enough.
 */
export async function waitNamespace(clients: readonly KubeClient[], name: string, present: boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const phases = await Promise.all(clients.map((client) => namespacePhase(client, name)));
    if (phases.every((phase) => (present ? phase === 'Active' : phase === undefined))) {
      return;
    }
    if (performance.now() > deadline) {
      const states = clients.map((client, index) => `${client.host}: ${phases[index] ?? 'absent'}`).join(', ');
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for namespace ${name} to be ${present ? 'active' : 'gone'} (${states})`);
    }
    await sleep(100);
  }
}
