import type { KubeObject } from '../../core/objects.js';
import { componentLabels, componentSelector, controlPlane, credentialsHashAnnotation } from './names.js';
import { metadata, podSecurity, restricted } from './object-parts.js';
import type { InitOptions } from './options.js';
import { digest, type Pki } from './pki.js';

const { namespace, etcd } = controlPlane;

/** Where etcd finds its certificates (Secret etcd-credentials), and where the API server finds its etcd client certificate. */
export const etcdPkiDirectory = '/etc/etcd/pki';

/** etcdServers is the client URL of the in-cluster etcd (TLS, client certificates), or the external servers. */
export function etcdServers(options: InitOptions): string {
  return options.etcdServers?.join(',') ?? `https://${etcd}.${namespace}.svc:2379`;
}

/**
 * etcdArguments: TLS on the client and peer ports, each requiring a certificate signed by etcd's own CA,
 * which signs only the federation API server's client certificate. Metrics and /health stay on a plain
 * port of their own (probes), which serves no data.
 */
export function etcdArguments(): string[] {
  const peer = `https://${etcd}-0.${etcd}.${namespace}.svc:2380`;
  return [
    `--name=${etcd}-0`,
    '--data-dir=/var/etcd/data',
    '--listen-client-urls=https://0.0.0.0:2379',
    `--advertise-client-urls=https://${etcd}-0.${etcd}.${namespace}.svc:2379`,
    '--listen-peer-urls=https://0.0.0.0:2380',
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=${etcd}-0=${peer}`,
    '--listen-metrics-urls=http://0.0.0.0:2381',
    `--cert-file=${etcdPkiDirectory}/server.crt`,
    `--key-file=${etcdPkiDirectory}/server.key`,
    '--client-cert-auth=true',
    `--trusted-ca-file=${etcdPkiDirectory}/ca.crt`,
    `--peer-cert-file=${etcdPkiDirectory}/peer.crt`,
    `--peer-key-file=${etcdPkiDirectory}/peer.key`,
    '--peer-client-cert-auth=true',
    `--peer-trusted-ca-file=${etcdPkiDirectory}/ca.crt`,
    '--auto-compaction-mode=periodic',
    '--auto-compaction-retention=1h',
  ];
}

/**
 * etcdObjects: a one-member etcd StatefulSet with a PersistentVolumeClaim (emptyDir without
 * persistence), its headless Service, and a NetworkPolicy that lets only the API server reach
 * the client port. Nothing when --etcd-servers names an external etcd.
 */
export function etcdObjects(options: InitOptions, pki: Pki): KubeObject[] {
  if (options.etcdServers || !pki.etcd) {
    return [];
  }
  const federation = options.name;
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
    metadata: metadata(federation, etcd, 'etcd'),
    spec: {
      serviceName: etcd,
      replicas: 1,
      selector: { matchLabels: componentSelector('etcd') },
      template: {
        metadata: {
          labels: componentLabels(federation, 'etcd'),
          annotations: { [credentialsHashAnnotation]: digest(pki.etcd.authority.cert, pki.etcd.server.cert, pki.etcd.peer.cert) },
        },
        spec: {
          automountServiceAccountToken: false,
          securityContext: podSecurity,
          containers: [
            {
              name: 'etcd',
              image: options.etcdImage,
              imagePullPolicy: options.imagePullPolicy,
              command: ['etcd'],
              args: etcdArguments(),
              ports: [
                { name: 'client', containerPort: 2379 },
                { name: 'peer', containerPort: 2380 },
                { name: 'metrics', containerPort: 2381 },
              ],
              livenessProbe: { httpGet: { path: '/health', port: 'metrics' }, periodSeconds: 10, failureThreshold: 8, timeoutSeconds: 15 },
              readinessProbe: { httpGet: { path: '/health', port: 'metrics' }, periodSeconds: 5 },
              resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } },
              securityContext: restricted,
              volumeMounts: [
                { name: 'data', mountPath: '/var/etcd' },
                { name: 'credentials', mountPath: etcdPkiDirectory, readOnly: true },
              ],
            },
          ],
          volumes: [
            ...(options.etcdPersistentStorage ? [] : [{ name: 'data', emptyDir: {} }]),
            { name: 'credentials', secret: { secretName: controlPlane.secrets.etcd, defaultMode: 0o440 } },
          ],
        },
      },
      ...(options.etcdPersistentStorage ? { volumeClaimTemplates: [claim] } : {}),
    },
  };
  const service: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(federation, etcd, 'etcd'),
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
    metadata: metadata(federation, etcd, 'etcd'),
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
