// Kubeconfig rendering: one cluster, user and context per lab cluster, named exactly as the cluster.
import { dumpYaml } from '@kubernetes/client-node';

export interface KubeconfigCluster {
  readonly name: string;
  readonly server: string;
  readonly certificateAuthority: string;
  readonly token: string;
}

/** client-node caches credentials by user name, so every cluster gets its own user. */
export function userName(cluster: string): string {
  return `${cluster}-admin`;
}

export interface KubeconfigDocument {
  apiVersion: 'v1';
  kind: 'Config';
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { name: string; user: { token: string } }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
  'current-context': string;
  preferences: Record<string, never>;
}

export function kubeconfigDocument(clusters: readonly KubeconfigCluster[], current: string): KubeconfigDocument {
  if (!clusters.some((cluster) => cluster.name === current)) {
    throw new Error(`current context ${current} is not among the clusters`);
  }
  return {
    apiVersion: 'v1',
    kind: 'Config',
    // The CA is embedded and TLS is verified: kubefed verifies member CAs, so the lab must not teach it to skip that.
    clusters: clusters.map((cluster) => ({
      name: cluster.name,
      cluster: { server: cluster.server, 'certificate-authority-data': Buffer.from(cluster.certificateAuthority).toString('base64') },
    })),
    users: clusters.map((cluster) => ({ name: userName(cluster.name), user: { token: cluster.token } })),
    contexts: clusters.map((cluster) => ({ name: cluster.name, context: { cluster: cluster.name, user: userName(cluster.name) } })),
    'current-context': current,
    preferences: {},
  };
}

export function renderKubeconfig(clusters: readonly KubeconfigCluster[], current: string): string {
  return dumpYaml(kubeconfigDocument(clusters, current));
}
