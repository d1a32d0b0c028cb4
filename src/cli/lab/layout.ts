// Where every file of a lab lives inside its directory. Pure: callers do the I/O.
import path from 'node:path';

/** The files of one cluster: its apiserver's cert-dir, keys and the kubeconfig its own components use. */
export interface ClusterPaths {
  readonly directory: string;
  /** kube-apiserver writes its self-signed serving certificate (and that certificate's CA) here. */
  readonly certificates: string;
  readonly servingCertificate: string;
  /** The CA extracted from the serving certificate file: what clients trust. */
  readonly certificateAuthority: string;
  readonly serviceAccountKey: string;
  readonly tokens: string;
  /** Admin kubeconfig for the cluster's kube-controller-manager, kube-scheduler and kwok. */
  readonly componentKubeconfig: string;
  /** The member proxy's control token (the CLI sends it) and its mode, kept across a restart of the proxy. */
  readonly proxyToken: string;
  readonly proxyMode: string;
  /** The aggregation layer's front-proxy CA and client certificate (only with LabShape.aggregation). */
  readonly frontProxy: { readonly authority: string; readonly certificate: string; readonly key: string };
}

export interface LabPaths {
  readonly directory: string;
  readonly state: string;
  readonly kubeconfig: string;
  readonly etcdData: string;
  readonly logs: string;
  readonly clusters: string;
  cluster(name: string): ClusterPaths;
  /** The log of one component; etcd is shared by all clusters, so it has no cluster prefix. */
  log(cluster: string | undefined, component: string): string;
}

export function labPaths(directory: string): LabPaths {
  const root = path.resolve(directory);
  const clusters = path.join(root, 'clusters');
  const logs = path.join(root, 'logs');
  return {
    directory: root,
    state: path.join(root, 'lab.json'),
    kubeconfig: path.join(root, 'kubeconfig'),
    etcdData: path.join(root, 'etcd'),
    logs,
    clusters,
    cluster(name: string): ClusterPaths {
      const base = path.join(clusters, name);
      const certificates = path.join(base, 'certificates');
      return {
        directory: base,
        certificates,
        servingCertificate: path.join(certificates, 'apiserver.crt'),
        certificateAuthority: path.join(base, 'ca.crt'),
        serviceAccountKey: path.join(base, 'service-account.key'),
        tokens: path.join(base, 'tokens.csv'),
        componentKubeconfig: path.join(base, 'kubeconfig'),
        proxyToken: path.join(base, 'proxy-token'),
        proxyMode: path.join(base, 'proxy-mode.json'),
        frontProxy: {
          authority: path.join(base, 'front-proxy-ca.crt'),
          certificate: path.join(base, 'front-proxy-client.crt'),
          key: path.join(base, 'front-proxy-client.key'),
        },
      };
    },
    log(cluster: string | undefined, component: string): string {
      return path.join(logs, cluster === undefined ? `${component}.log` : `${cluster}-${component}.log`);
    },
  };
}
