import type { KubeObject } from '../kube/objects.js';
import type { KeyPair } from './certificates.js';
import { credentialKubeconfig } from './kubeconfig.js';
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
const base64 = (text: string) => Buffer.from(text).toString('base64');

/** restricted is the Pod Security "restricted" container context every control-plane container runs with. */
const restricted = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

const podSecurity = { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } };

function metadata(federation: string, name: string, component: string, extra: Record<string, unknown> = {}) {
  return { name, namespace, labels: componentLabels(federation, component), ...extra };
}

function secret(federation: string, name: string, component: string, data: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: metadata(federation, name, component),
    type: 'Opaque',
    data: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, base64(value)])),
  };
}

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

/** credentialSecrets: the CA (kept only for re-runs), the API server's, and one kubeconfig per client. */
export function credentialSecrets(federation: string, pki: Pki): KubeObject[] {
  const { secrets } = controlPlane;
  const kubeconfig = (user: KeyPair) => credentialKubeconfig(federation, inClusterServer, pki.authority.cert, user);
  return [
    secret(federation, secrets.authority, 'pki', { 'ca.crt': pki.authority.cert, 'ca.key': pki.authority.key }),
    secret(federation, secrets.apiServer, 'apiserver', {
      'ca.crt': pki.authority.cert,
      'server.crt': pki.server.cert,
      'server.key': pki.server.key,
      'sa.key': pki.serviceAccount.key,
      'sa.pub': pki.serviceAccount.pub,
    }),
    secret(federation, secrets.kubeControllerManager, 'kube-controller-manager', {
      kubeconfig: kubeconfig(pki.kubeControllerManager),
      'ca.crt': pki.authority.cert,
      'sa.key': pki.serviceAccount.key,
    }),
    secret(federation, secrets.controllerManager, 'controller-manager', { kubeconfig: kubeconfig(pki.controllerManager) }),
  ];
}

/** etcdAddress is the client URL of the in-cluster etcd, or the external servers. */
export function etcdServers(options: InitOptions): string {
  return options.etcdServers?.join(',') ?? `http://${controlPlane.etcd}.${namespace}.svc:2379`;
}

/**
 * etcdObjects: a one-member etcd StatefulSet with a PersistentVolumeClaim (emptyDir without
 * persistence), its headless Service, and a NetworkPolicy that lets only the API server reach
 * the client port. Nothing when --etcd-servers names an external etcd.
 */
export function etcdObjects(options: InitOptions): KubeObject[] {
  if (options.etcdServers) {
    return [];
  }
  const federation = options.name;
  const peer = (pod: string) => `http://${pod}.${controlPlane.etcd}.${namespace}.svc:2380`;
  const claim = {
    metadata: { name: 'data', labels: componentLabels(federation, 'etcd') },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: options.etcdPvCapacity } },
      ...(options.etcdPvStorageClass ? { storageClassName: options.etcdPvStorageClass } : {}),
    },
  };
  const statefulSet: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: metadata(federation, controlPlane.etcd, 'etcd'),
    spec: {
      serviceName: controlPlane.etcd,
      replicas: 1,
      selector: { matchLabels: componentSelector('etcd') },
      template: {
        metadata: { labels: componentLabels(federation, 'etcd') },
        spec: {
          automountServiceAccountToken: false,
          securityContext: podSecurity,
          containers: [
            {
              name: 'etcd',
              image: options.etcdImage,
              imagePullPolicy: options.imagePullPolicy,
              command: ['etcd'],
              args: [
                `--name=${controlPlane.etcd}-0`,
                '--data-dir=/var/etcd/data',
                '--listen-client-urls=http://0.0.0.0:2379',
                `--advertise-client-urls=http://${controlPlane.etcd}-0.${controlPlane.etcd}.${namespace}.svc:2379`,
                '--listen-peer-urls=http://0.0.0.0:2380',
                `--initial-advertise-peer-urls=${peer(`${controlPlane.etcd}-0`)}`,
                `--initial-cluster=${controlPlane.etcd}-0=${peer(`${controlPlane.etcd}-0`)}`,
                '--listen-metrics-urls=http://0.0.0.0:2381',
                '--auto-compaction-mode=periodic',
                '--auto-compaction-retention=1h',
              ],
              ports: [
                { name: 'client', containerPort: 2379 },
                { name: 'peer', containerPort: 2380 },
                { name: 'metrics', containerPort: 2381 },
              ],
              livenessProbe: { httpGet: { path: '/health', port: 'metrics' }, periodSeconds: 10, failureThreshold: 8, timeoutSeconds: 15 },
              readinessProbe: { httpGet: { path: '/health', port: 'metrics' }, periodSeconds: 5 },
              resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } },
              securityContext: restricted,
              volumeMounts: [{ name: 'data', mountPath: '/var/etcd' }],
            },
          ],
          ...(options.etcdPersistentStorage ? {} : { volumes: [{ name: 'data', emptyDir: {} }] }),
        },
      },
      ...(options.etcdPersistentStorage ? { volumeClaimTemplates: [claim] } : {}),
    },
  };
  const service: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(federation, controlPlane.etcd, 'etcd'),
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: componentSelector('etcd'),
      ports: [
        { name: 'client', port: 2379, targetPort: 'client' },
        { name: 'peer', port: 2380, targetPort: 'peer' },
      ],
    },
  };
  const policy: KubeObject = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: metadata(federation, controlPlane.etcd, 'etcd'),
    spec: {
      podSelector: { matchLabels: componentSelector('etcd') },
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ podSelector: { matchLabels: componentSelector('apiserver') } }], ports: [{ port: 2379, protocol: 'TCP' }] },
        { ports: [{ port: 2381, protocol: 'TCP' }] },
      ],
    },
  };
  return [service, policy, statefulSet];
}

const pkiDirectory = '/etc/kubefed/pki';

/** apiServerArguments: the upstream kube-apiserver as the federation API server (no workload controllers anywhere). */
export function apiServerArguments(options: InitOptions): string[] {
  return withOverrides(
    [
      '--allow-privileged=true',
      '--authorization-mode=RBAC',
      '--bind-address=0.0.0.0',
      `--client-ca-file=${pkiDirectory}/ca.crt`,
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
          annotations: { [credentialsHashAnnotation]: digest(pki.authority.cert, pki.server.cert, pki.serviceAccount.pub) },
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
              volumeMounts: [{ name: 'credentials', mountPath: pkiDirectory, readOnly: true }],
            },
          ],
          volumes: [{ name: 'credentials', secret: { secretName: controlPlane.secrets.apiServer, defaultMode: 0o440 } }],
        },
      },
    },
  };
}

const kcmDirectory = '/etc/kubefed/kube-controller-manager';

/** The only controllers the federation runs itself: namespace deletion and service-account tokens. */
export const federationControllers = ['namespace-controller', 'serviceaccount-controller', 'serviceaccount-token-controller'];

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
