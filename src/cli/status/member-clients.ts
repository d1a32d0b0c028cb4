import type { KubeConfig } from '@kubernetes/client-node';
import { KubeClient } from '../../kube/client.js';
import { errorMessage, isForbidden } from '../../kube/errors.js';
import { getObject } from '../../kube/apply.js';
import { secrets } from '../../kube/resources.js';
import type { ClusterObject, SecretObject } from '../../members/cluster.js';
import { memberKubeConfig } from '../../members/credentials.js';
import { federationNamespace } from '../../core/well-known.js';
import { contextClient } from '../shared/contexts.js';

/** MemberClient is how the CLI reads one member, or why it cannot. */
export interface MemberClient {
  cluster: string;
  client?: KubeClient;
  /** source says which credentials are used: the federation's (as the controller-manager) or a kubeconfig context. */
  source?: 'federation' | 'kubeconfig';
  problem?: string;
}

/**
 * memberClients reaches members the way the controller-manager does, with the Cluster's address
 * and the credentials Secret join stored in the federation, so the CLI sees what kubefed sees.
 * When that Secret cannot be read (the user may not read Secrets in federation-system) or is
 * unusable, a kubeconfig context named like the cluster is used instead, as join names them.
 */
export async function memberClients(federation: KubeClient, clusters: ClusterObject[], kubeconfig: KubeConfig): Promise<MemberClient[]> {
  return Promise.all(
    clusters.map(async (cluster): Promise<MemberClient> => {
      const name = cluster.metadata.name ?? '';
      let problem: string;
      try {
        const secretName = cluster.spec?.secretRef?.name;
        const secret = secretName ? await getObject<SecretObject>(federation, secrets, secretName, federationNamespace) : undefined;
        const config = memberKubeConfig(cluster, secret, false);
        return { cluster: name, client: await KubeClient.create(config, { timeoutMs: 10_000 }), source: 'federation' };
      } catch (error) {
        problem = isForbidden(error) ? 'not allowed to read its credentials Secret in the federation' : errorMessage(error);
      }
      if (kubeconfig.getContextObject(name)) {
        const scoped = await contextClient(kubeconfig, name, `cluster ${name}`);
        return { cluster: name, client: scoped.client, source: 'kubeconfig' };
      }
      return { cluster: name, problem };
    }),
  );
}

export async function closeMembers(members: MemberClient[]): Promise<void> {
  await Promise.all(members.flatMap((member) => (member.client ? [member.client.close()] : [])));
}
