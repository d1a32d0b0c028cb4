import { federationNamespace } from '../../core/well-known.js';

/** Names of what `kubefed init` creates in the host cluster (v1's names since 1.9, without the federation prefix). */
export const controlPlane = {
  namespace: federationNamespace,
  apiServer: 'apiserver',
  etcd: 'etcd',
  kubeControllerManager: 'kube-controller-manager',
  /** the kubefed controller-manager's Deployment and ServiceAccount, as in manifests/. */
  controllerManager: 'kubefed-controller-manager',
  secrets: {
    apiServer: 'apiserver-credentials',
    /** apiServerEncryption holds the EncryptionConfiguration; only the federation API server mounts it. */
    apiServerEncryption: 'apiserver-encryption',
    etcd: 'etcd-credentials',
    kubeControllerManager: 'kube-controller-manager-credentials',
    controllerManager: 'controller-manager-kubeconfig',
  },
  /** legacyAuthority held the CA key in the host (kubefed before the key was kept out of the cluster); init deletes it. */
  legacyAuthoritySecret: 'federation-ca',
  /** container port of the federation API server; its Service listens on 443. */
  apiServerPort: 8443,
} as const;

/** Users the federation API server knows by their client certificate's common name. */
export const certificateUsers = {
  admin: { commonName: 'kubefed-admin', organizations: ['system:masters'] },
  controllerManager: { commonName: 'kubefed-controller-manager' },
  kubeControllerManager: { commonName: 'system:kube-controller-manager' },
  /** the federation API server as etcd's client (etcd has its own CA, so this is its only client). */
  etcdClient: { commonName: 'kube-apiserver-etcd-client' },
} as const;

/** v1's annotation naming the federation on the namespace and the controller-manager (kubefed join read it). */
export const federationNameAnnotation = 'federation.alpha.kubernetes.io/federation-name';

/** credentialsHashAnnotation on pod templates rolls pods when their certificates are re-issued. */
export const credentialsHashAnnotation = 'federation.kubefed.dev/credentials-hash';

/** In-cluster address of the federation API server. */
export const inClusterServer = `https://${controlPlane.apiServer}.${controlPlane.namespace}.svc`;

/** DNS names of the federation API server's Service, all in its serving certificate. */
export function serviceDnsNames(): string[] {
  const { apiServer, namespace } = controlPlane;
  return [apiServer, `${apiServer}.${namespace}`, `${apiServer}.${namespace}.svc`, `${apiServer}.${namespace}.svc.cluster.local`, 'localhost'];
}

/** labels of every object init creates; selectors use name and component only. */
export function componentLabels(federation: string, component: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'kubefed',
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': 'kubefed',
    'app.kubernetes.io/instance': federation,
  };
}

export function componentSelector(component: string): Record<string, string> {
  return { 'app.kubernetes.io/name': 'kubefed', 'app.kubernetes.io/component': component };
}

/** DNS names of etcd's member and Service, all in its serving and peer certificates (127.0.0.1 too, for etcdctl in the pod). */
export function etcdDnsNames(): string[] {
  const { etcd, namespace } = controlPlane;
  return [`${etcd}-0.${etcd}.${namespace}.svc`, `${etcd}-0.${etcd}.${namespace}.svc.cluster.local`, `${etcd}.${namespace}.svc`, `${etcd}.${namespace}.svc.cluster.local`, etcd, 'localhost'];
}
