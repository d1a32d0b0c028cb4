import type { KubeObject } from '../../core/objects.js';
import type { KeyPair } from './certificates.js';
import { encryptionConfiguration } from './encryption.js';
import { etcdServers } from './etcd-objects.js';
import { credentialKubeconfig } from './kubeconfig.js';
import { metadata, podSecurity, restricted, secret } from './object-parts.js';
import {
  componentLabels,
  componentSelector,
  controlPlane,
  credentialsHashAnnotation,
  federationNameAnnotation,
  inClusterServer,
} from './names.js';
import { type InitOptions, withOverrides } from './options.js';
import { digest, type Pki } from './pki.js';

const { namespace } = controlPlane;

export function namespaceObject(federation: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace, labels: { 'app.kubernetes.io/part-of': 'kubefed' }, annotations: { [federationNameAnnotation]: federation } },
  };
}

/** apiServerService exposes the federation API server on 443 (v1: LoadBalancer by default, or NodePort). */
export function apiServerService(options: InitOptions): KubeObject {
  const port: Record<string, unknown> = { name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' };
  if (options.apiServerServiceType === 'NodePort' && options.apiServerNodePort !== undefined) {
    port.nodePort = options.apiServerNodePort;
  }
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(options.name, controlPlane.apiServer, 'apiserver'),
    spec: { type: options.apiServerServiceType, selector: componentSelector('apiserver'), ports: [port] },
  };
}

/**
 * credentialSecrets: the API server's certificates and keys, its encryption configuration (a Secret of its
 * own, mounted only into the API server), etcd's certificates, and one kubeconfig per client. No CA private
 * key: init keeps those out of the cluster.
 */
export function credentialSecrets(federation: string, pki: Pki): KubeObject[] {
  const { secrets } = controlPlane;
  const kubeconfig = (user: KeyPair) => credentialKubeconfig(federation, inClusterServer, pki.authority.cert, user);
  const etcd = pki.etcd;
  return [
    secret(federation, secrets.apiServer, 'apiserver', {
      'ca.crt': pki.authority.cert,
      'server.crt': pki.server.cert,
      'server.key': pki.server.key,
      'sa.key': pki.serviceAccount.key,
      'sa.pub': pki.serviceAccount.pub,
      ...(etcd ? { 'etcd-ca.crt': etcd.authority.cert, 'etcd-client.crt': etcd.apiServerClient.cert, 'etcd-client.key': etcd.apiServerClient.key } : {}),
    }),
    secret(federation, secrets.apiServerEncryption, 'apiserver', { 'encryption-config.yaml': encryptionConfiguration(pki.encryptionKey) }),
    ...(etcd
      ? [secret(federation, secrets.etcd, 'etcd', { 'ca.crt': etcd.authority.cert, 'server.crt': etcd.server.cert, 'server.key': etcd.server.key, 'peer.crt': etcd.peer.cert, 'peer.key': etcd.peer.key })]
      : []),
    secret(federation, secrets.kubeControllerManager, 'kube-controller-manager', {
      kubeconfig: kubeconfig(pki.kubeControllerManager),
      'ca.crt': pki.authority.cert,
      'sa.key': pki.serviceAccount.key,
    }),
    secret(federation, secrets.controllerManager, 'controller-manager', { kubeconfig: kubeconfig(pki.controllerManager) }),
  ];
}

const pkiDirectory = '/etc/kubefed/pki';
const encryptionDirectory = '/etc/kubefed/encryption';

/**
 * apiServerArguments: the upstream kube-apiserver as the federation API server (no workload controllers
 * anywhere), reaching its etcd over TLS with its client certificate, and encrypting Secrets at rest.
 */
export function apiServerArguments(options: InitOptions): string[] {
  const etcdClient = options.etcdServers
    ? []
    : [`--etcd-cafile=${pkiDirectory}/etcd-ca.crt`, `--etcd-certfile=${pkiDirectory}/etcd-client.crt`, `--etcd-keyfile=${pkiDirectory}/etcd-client.key`];
  return withOverrides(
    [
      '--allow-privileged=true',
      '--authorization-mode=RBAC',
      '--bind-address=0.0.0.0',
      `--client-ca-file=${pkiDirectory}/ca.crt`,
      `--encryption-provider-config=${encryptionDirectory}/encryption-config.yaml`,
      ...etcdClient,
      `--etcd-servers=${etcdServers(options)}`,
      '--profiling=false',
      `--secure-port=${controlPlane.apiServerPort}`,
      `--service-account-issuer=${inClusterServer}`,
      `--service-account-key-file=${pkiDirectory}/sa.pub`,
      `--service-account-signing-key-file=${pkiDirectory}/sa.key`,
      // The federation's own virtual range: federated Services get an address here that is never sent to members.
      '--service-cluster-ip-range=10.96.0.0/16',
      `--tls-cert-file=${pkiDirectory}/server.crt`,
      `--tls-private-key-file=${pkiDirectory}/server.key`,
    ],
    options.apiServerArgOverrides,
  );
}

export function apiServerDeployment(options: InitOptions, pki: Pki): KubeObject {
  const federation = options.name;
  const probe = (path: string, extra: Record<string, unknown>) => ({ httpGet: { path, port: 'https', scheme: 'HTTPS' }, timeoutSeconds: 15, ...extra });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(federation, controlPlane.apiServer, 'apiserver', { annotations: { [federationNameAnnotation]: federation } }),
    spec: {
      replicas: 1,
      selector: { matchLabels: componentSelector('apiserver') },
      template: {
        metadata: {
          labels: componentLabels(federation, 'apiserver'),
          annotations: { [credentialsHashAnnotation]: digest(pki.authority.cert, pki.server.cert, pki.serviceAccount.pub, pki.etcd?.apiServerClient.cert ?? '', pki.encryptionKey) },
        },
        spec: {
          automountServiceAccountToken: false,
          securityContext: podSecurity,
          containers: [
            {
              name: 'apiserver',
              image: options.apiServerImage,
              imagePullPolicy: options.imagePullPolicy,
              command: ['kube-apiserver'],
              args: apiServerArguments(options),
              ports: [{ name: 'https', containerPort: controlPlane.apiServerPort }],
              startupProbe: probe('/livez', { periodSeconds: 5, failureThreshold: 24 }),
              livenessProbe: probe('/livez', { periodSeconds: 10, failureThreshold: 8 }),
              readinessProbe: probe('/readyz', { periodSeconds: 5, failureThreshold: 3 }),
              resources: { requests: { cpu: '250m', memory: '512Mi' } },
              securityContext: restricted,
              volumeMounts: [
                { name: 'credentials', mountPath: pkiDirectory, readOnly: true },
                { name: 'encryption', mountPath: encryptionDirectory, readOnly: true },
              ],
            },
          ],
          volumes: [
            { name: 'credentials', secret: { secretName: controlPlane.secrets.apiServer, defaultMode: 0o440 } },
            { name: 'encryption', secret: { secretName: controlPlane.secrets.apiServerEncryption, defaultMode: 0o440 } },
          ],
        },
      },
    },
  };
}

const kcmDirectory = '/etc/kubefed/kube-controller-manager';

/**
 * The only controllers the federation runs itself: namespace deletion, service-account tokens, and
 * ClusterRole aggregation (`kubefed enable` grants an enabled type to the controller-manager's role by a
 * labelled ClusterRole).
 */
export const federationControllers = ['namespace-controller', 'serviceaccount-controller', 'serviceaccount-token-controller', 'clusterrole-aggregation-controller'];

export function kubeControllerManagerArguments(options: InitOptions): string[] {
  return withOverrides(
    [
      `--controllers=${federationControllers.join(',')}`,
      `--kubeconfig=${kcmDirectory}/kubeconfig`,
      '--leader-elect=true',
      '--profiling=false',
      `--root-ca-file=${kcmDirectory}/ca.crt`,
      `--service-account-private-key-file=${kcmDirectory}/sa.key`,
      // Each controller acts with its own service account and the bootstrap roles that come with it.
      '--use-service-account-credentials=true',
    ],
    options.controllerManagerArgOverrides,
  );
}

/** kubeControllerManagerDeployment runs the federation's kube-controller-manager with the namespace and service-account controllers only. */
export function kubeControllerManagerDeployment(options: InitOptions, pki: Pki): KubeObject {
  const federation = options.name;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(federation, controlPlane.kubeControllerManager, 'kube-controller-manager'),
    spec: {
      replicas: 1,
      selector: { matchLabels: componentSelector('kube-controller-manager') },
      template: {
        metadata: {
          labels: componentLabels(federation, 'kube-controller-manager'),
          annotations: { [credentialsHashAnnotation]: digest(pki.authority.cert, pki.kubeControllerManager.cert, pki.serviceAccount.pub) },
        },
        spec: {
          automountServiceAccountToken: false,
          securityContext: podSecurity,
          containers: [
            {
              name: 'kube-controller-manager',
              image: options.kubeControllerManagerImage,
              imagePullPolicy: options.imagePullPolicy,
              command: ['kube-controller-manager'],
              args: kubeControllerManagerArguments(options),
              ports: [{ name: 'https', containerPort: 10257 }],
              livenessProbe: { httpGet: { path: '/healthz', port: 'https', scheme: 'HTTPS' }, periodSeconds: 10, failureThreshold: 8, timeoutSeconds: 15 },
              resources: { requests: { cpu: '50m', memory: '128Mi' } },
              securityContext: restricted,
              volumeMounts: [{ name: 'credentials', mountPath: kcmDirectory, readOnly: true }],
            },
          ],
          volumes: [{ name: 'credentials', secret: { secretName: controlPlane.secrets.kubeControllerManager, defaultMode: 0o440 } }],
        },
      },
    },
  };
}
