import type { KubeObject } from '../../core/objects.js';
import { clone } from '../convert/conversion.js';
import type { ShippedManifests } from './manifests.js';
import { certificateUsers, controlPlane, credentialsHashAnnotation, federationNameAnnotation } from './names.js';
import type { InitOptions } from './options.js';
import { digest, type Pki } from './pki.js';

const kubeconfigDirectory = '/etc/kubefed/federation';

/** dnsProviderAnnotation records --dns-provider for the external-dns that serves the federation's DNSEndpoints. */
export const dnsProviderAnnotation = 'federation.kubefed.dev/dns-provider';

interface Container {
  name: string;
  image?: string;
  imagePullPolicy?: string;
  args?: string[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}

interface PodSpec {
  containers: Container[];
  volumes?: { name: string; [field: string]: unknown }[];
  automountServiceAccountToken?: boolean;
}

function withInstance(object: KubeObject, federation: string): KubeObject {
  return { ...object, metadata: { ...object.metadata, labels: { ...(object.metadata.labels ?? {}), 'app.kubernetes.io/instance': federation } } };
}

/** controllerManagerArguments replaces the manifests' federation name and adds the kubeconfig and DNS zone. */
export function controllerManagerArguments(args: string[], options: InitOptions): string[] {
  const set = new Map<string, string>([
    ['--federation-name', options.name],
    ['--kubeconfig', `${kubeconfigDirectory}/kubeconfig`],
    ['--dns-zone-name', options.dnsZoneName.replace(/\.$/, '')],
  ]);
  const kept = args.filter((arg) => !set.has(arg.split('=')[0] ?? arg));
  return [...kept, ...[...set].map(([flag, value]) => `${flag}=${value}`)];
}

/**
 * hostControllerManager is manifests/' ServiceAccount, Deployment, metrics Service and
 * PodDisruptionBudget for the host cluster: the Deployment talks to the federation API server with
 * the controller-manager's client certificate (a kubeconfig Secret), needs nothing from the host
 * API server (no token mounted), and names the federation as v1 did.
 */
export function hostControllerManager(manifests: ShippedManifests, options: InitOptions, pki: Pki): KubeObject[] {
  return manifests.host.map((shipped) => {
    const object = withInstance(clone(shipped), options.name);
    if (object.kind !== 'Deployment') {
      return object;
    }
    object.metadata.annotations = {
      ...(object.metadata.annotations ?? {}),
      [federationNameAnnotation]: options.name,
      ...(options.dnsProvider ? { [dnsProviderAnnotation]: options.dnsProvider } : {}),
    };
    const template = (object.spec as { template: { metadata?: { annotations?: Record<string, string> }; spec: PodSpec } }).template;
    template.metadata = {
      ...template.metadata,
      annotations: { ...(template.metadata?.annotations ?? {}), [credentialsHashAnnotation]: digest(pki.authority.cert, pki.controllerManager.cert) },
    };
    template.spec.automountServiceAccountToken = false;
    const container = template.spec.containers.find((candidate) => candidate.name === 'controller-manager') ?? template.spec.containers[0];
    if (!container) {
      throw new Error('manifests/controller-manager/deployment.yaml has no container');
    }
    container.image = options.image;
    container.imagePullPolicy = options.imagePullPolicy;
    container.args = controllerManagerArguments(container.args ?? [], options);
    container.volumeMounts = [...(container.volumeMounts ?? []).filter((mount) => mount.name !== 'federation-kubeconfig'), { name: 'federation-kubeconfig', mountPath: kubeconfigDirectory, readOnly: true }];
    template.spec.volumes = [
      ...(template.spec.volumes ?? []).filter((volume) => volume.name !== 'federation-kubeconfig'),
      { name: 'federation-kubeconfig', secret: { secretName: controlPlane.secrets.controllerManager, defaultMode: 0o440 } },
    ];
    return object;
  });
}

interface Binding extends KubeObject {
  subjects?: { kind: string; name: string; namespace?: string; apiGroup?: string }[];
}

/**
 * federationObjects is what the federation API server needs before kubefed can run: the
 * federation-system namespace, the Cluster CRD, and the controller-manager's least-privilege RBAC
 * from manifests/, bound also to the user of its client certificate.
 */
export function federationObjects(manifests: ShippedManifests, options: InitOptions): KubeObject[] {
  return manifests.federation.map((shipped) => {
    const object = withInstance(clone(shipped), options.name) as Binding;
    if (object.kind === 'ClusterRoleBinding' || object.kind === 'RoleBinding') {
      const user = { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: certificateUsers.controllerManager.commonName };
      object.subjects = [...(object.subjects ?? []).filter((subject) => !(subject.kind === 'User' && subject.name === user.name)), user];
    }
    return object;
  });
}
