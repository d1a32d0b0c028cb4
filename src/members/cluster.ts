import type { Condition, KubeObject } from '../core/objects.js';

/** ClusterObject is the federation.kubefed.dev/v1beta1 Cluster: where a member is and how to reach it. */
export interface ClusterObject extends KubeObject {
  spec?: {
    serverAddressByClientCIDRs?: { clientCIDR?: string; serverAddress: string }[];
    secretRef?: { name: string };
  };
  status?: {
    conditions?: Condition[];
    zones?: string[];
    region?: string;
    /**
     * pendingReleases: copies in this member whose federated object was deleted with orphaning while
     * the member was away, by pendingReleaseKey, with when; they are released (never deleted) when it
     * returns. Kept here so that a restart or failover does not forget them.
     */
    pendingReleases?: Record<string, string>;
  };
}

/** SecretObject is a core/v1 Secret; data values are base64. */
export interface SecretObject extends KubeObject {
  type?: string;
  data?: Record<string, string>;
}

/** serverAddress picks the member's API server URL, adding https:// when the address has no scheme. */
export function serverAddress(cluster: ClusterObject): string | undefined {
  const entries = cluster.spec?.serverAddressByClientCIDRs ?? [];
  // kubefed join writes 0.0.0.0/0; prefer it, as v1 did for any client address.
  const chosen = entries.find((entry) => entry.clientCIDR === '0.0.0.0/0') ?? entries[0];
  if (!chosen?.serverAddress) {
    return undefined;
  }
  return /^[a-z]+:\/\//i.test(chosen.serverAddress) ? chosen.serverAddress : `https://${chosen.serverAddress}`;
}

/** isClusterReady is v1's readiness test: a Ready condition with status True. */
export function isClusterReady(cluster: ClusterObject): boolean {
  return cluster.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;
}
