// Fake Nodes for members that run workloads: kwok keeps them Ready and runs the Pods bound to them.
import { ApiException, CoreV1Api, KubeConfig, type V1Node } from '@kubernetes/client-node';
import { fakeNodeAnnotation } from './arguments.js';

/** Every fake Node offers the same fixed room, so scheduling tests can count on it. */
export const fakeNodeAllocatable = { cpu: '4', memory: '8Gi', pods: '20' } as const;

export function fakeNodeName(member: string, index: number): string {
  return `${member}-node-${index}`;
}

/** fakeNodes describes `count` Nodes for a member, alternating between two zones of one region. */
export function fakeNodes(member: string, count: number): V1Node[] {
  return Array.from({ length: count }, (_, index) => {
    const name = fakeNodeName(member, index);
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        // ttl 0: nothing caches this node's objects, as for kwok's own examples.
        annotations: { [fakeNodeAnnotation.key]: fakeNodeAnnotation.value, 'node.alpha.kubernetes.io/ttl': '0' },
        labels: {
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          type: 'kwok',
          'topology.kubernetes.io/region': `${member}-region`,
          'topology.kubernetes.io/zone': `${member}-zone-${index % 2 === 0 ? 'a' : 'b'}`,
        },
      },
      // A provider ID keeps any cloud-ish controller from deleting a node it cannot find (kwok's known issue).
      spec: { providerID: `kwok://${name}` },
      // node-initialize keeps allocatable and capacity when they are set, instead of its huge defaults.
      status: { allocatable: { ...fakeNodeAllocatable }, capacity: { ...fakeNodeAllocatable } },
    };
  });
}

/** True when kwok reported the Node Ready and the node-lifecycle controller has lifted its not-ready taint. */
export function nodeIsSchedulable(node: V1Node): boolean {
  const ready = node.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;
  return ready && (node.spec?.taints ?? []).length === 0;
}

export async function createFakeNodes(config: KubeConfig, nodes: readonly V1Node[]): Promise<void> {
  const core = config.makeApiClient(CoreV1Api);
  for (const node of nodes) {
    try {
      await core.createNode({ body: node });
    } catch (error) {
      if (!(error instanceof ApiException && error.code === 409)) {
        throw error;
      }
    }
  }
}

/** A waitUntil check: true once every named Node is schedulable, else which ones are not. */
export function fakeNodesSchedulable(config: KubeConfig, names: readonly string[]): () => Promise<boolean | string> {
  const core = config.makeApiClient(CoreV1Api);
  return async () => {
    const list = await core.listNode({ labelSelector: 'type=kwok' });
    const waiting = names.filter((name) => {
      const node = list.items.find((item) => item.metadata?.name === name);
      return node === undefined || !nodeIsSchedulable(node);
    });
    return waiting.length === 0 || `not yet Ready or still tainted: ${waiting.join(', ')}`;
  };
}
