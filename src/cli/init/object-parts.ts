// Pieces every control-plane object init builds shares: labels and namespace, Secrets, Pod Security contexts.
import type { KubeObject } from '../../core/objects.js';
import { componentLabels, controlPlane } from './names.js';

const { namespace } = controlPlane;
const base64 = (text: string) => Buffer.from(text).toString('base64');

/** restricted is the Pod Security "restricted" container context every control-plane container runs with. */
export const restricted = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

export const podSecurity = { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } };

export function metadata(federation: string, name: string, component: string, extra: Record<string, unknown> = {}) {
  return { name, namespace, labels: componentLabels(federation, component), ...extra };
}

export function secret(federation: string, name: string, component: string, data: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: metadata(federation, name, component),
    type: 'Opaque',
    data: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, base64(value)])),
  };
}

