import type { KubeObject } from '../../core/objects.js';
import { annotationNotes } from './annotations.js';
import { convertHpa } from './autoscaling.js';
import { clone, type Conversion, ConvertError, record } from './conversion.js';
import { convertIngress } from './ingress.js';
import { describeObject, type Manifest } from './manifests.js';
import { convertWorkload } from './workloads.js';

type Converter = (object: KubeObject) => Conversion;

interface KindRule {
  /** current API versions, kept as they are. */
  current: string[];
  /** legacy API versions and how to rewrite them. */
  legacy: Record<string, Converter>;
  /** fix rewrites details of an object in a current version (an HPA's target version). */
  fix?: Converter;
}

const unchanged: Converter = (object) => ({ object: clone(object), changes: [], notes: [] });

/** convertCluster renames v1's federation/v1beta1 Cluster; its spec fields kept their names. */
const convertCluster: Converter = (input) => {
  const object = clone(input);
  const changes = ['apiVersion federation/v1beta1 -> federation.kubefed.dev/v1beta1'];
  object.apiVersion = 'federation.kubefed.dev/v1beta1';
  if (object.status !== undefined) {
    delete object.status;
    changes.push('dropped status (the controller-manager writes it)');
  }
  const secretRef = record(record(object, 'spec'), 'secretRef');
  const notes = secretRef ? [`the Secret ${String(secretRef.name)} must exist in federation-system with "token" and "ca.crt" (or "kubeconfig"); kubefed join writes it`] : [];
  return { object, changes, notes };
};

const workloadVersions = (versions: string[]): Record<string, Converter> => Object.fromEntries(versions.map((version) => [version, convertWorkload]));

/** rules: every kind kubefed federates (plus Cluster), by API version. */
export const rules: Record<string, KindRule> = {
  Deployment: { current: ['apps/v1'], legacy: workloadVersions(['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2']) },
  ReplicaSet: { current: ['apps/v1'], legacy: workloadVersions(['extensions/v1beta1', 'apps/v1beta2']) },
  DaemonSet: { current: ['apps/v1'], legacy: workloadVersions(['extensions/v1beta1', 'apps/v1beta2']) },
  Ingress: { current: ['networking.k8s.io/v1'], legacy: { 'extensions/v1beta1': convertIngress, 'networking.k8s.io/v1beta1': convertIngress } },
  HorizontalPodAutoscaler: {
    current: ['autoscaling/v1', 'autoscaling/v2'],
    legacy: { 'autoscaling/v2beta1': convertHpa, 'autoscaling/v2beta2': convertHpa },
    fix: convertHpa,
  },
  Job: { current: ['batch/v1'], legacy: {} },
  ConfigMap: { current: ['v1'], legacy: {} },
  Secret: { current: ['v1'], legacy: {} },
  Service: { current: ['v1'], legacy: {} },
  Namespace: { current: ['v1'], legacy: {} },
  Cluster: { current: ['federation.kubefed.dev/v1beta1'], legacy: { 'federation/v1beta1': convertCluster } },
};

/** convertObject rewrites one object; kinds and versions it does not know are errors. */
export function convertObject(object: KubeObject): Conversion {
  const kind = object.kind;
  const apiVersion = object.apiVersion;
  if (typeof kind !== 'string' || kind === '' || typeof apiVersion !== 'string' || apiVersion === '') {
    throw new ConvertError('has no apiVersion or kind');
  }
  if (typeof object.metadata?.name !== 'string' || object.metadata.name === '') {
    throw new ConvertError('has no metadata.name');
  }
  const rule = rules[kind];
  if (!rule) {
    throw new ConvertError(`kind ${kind} (${apiVersion}) is not one kubefed federates; known kinds: ${Object.keys(rules).join(', ')}`);
  }
  const converter = rule.legacy[apiVersion] ?? (rule.current.includes(apiVersion) ? (rule.fix ?? unchanged) : undefined);
  if (!converter) {
    const known = [...rule.current, ...Object.keys(rule.legacy)].join(', ');
    throw new ConvertError(`apiVersion ${apiVersion} is not known for ${kind} (known: ${known})`);
  }
  const result = converter(object);
  return { ...result, notes: [...result.notes, ...annotationNotes(result.object)] };
}

export interface ConvertedManifest extends Conversion {
  source: string;
  /** label is "Deployment default/web" for messages. */
  label: string;
}

/**
 * convertManifests converts every object, or fails listing every object it could not convert, so
 * a file is converted whole or not at all.
 */
export function convertManifests(manifests: Manifest[]): ConvertedManifest[] {
  const converted: ConvertedManifest[] = [];
  const failures: string[] = [];
  for (const manifest of manifests) {
    const label = describeObject(manifest.object);
    try {
      converted.push({ ...convertObject(manifest.object), source: manifest.source, label });
    } catch (error) {
      if (!(error instanceof ConvertError)) {
        throw error;
      }
      failures.push(`${manifest.source}: ${label}: ${error.message}`);
    }
  }
  if (failures.length > 0) {
    throw new ConvertError(failures.length === 1 ? `${failures[0] ?? ''}` : `${failures.length} objects cannot be converted:\n  ${failures.join('\n  ')}`);
  }
  return converted;
}

/** changeReport renders what convert did, for stderr: one line per object, its changes and notes indented. */
export function changeReport(converted: ConvertedManifest[]): string {
  return converted
    .map((item) => {
      const head = `${item.source}: ${item.label}: ${item.changes.length === 0 ? `unchanged (${String(item.object.apiVersion)})` : 'converted'}`;
      return [head, ...item.changes.map((change) => `  - ${change}`), ...item.notes.map((note) => `  ${note.startsWith('warning:') ? note : `note: ${note}`}`)].join('\n');
    })
    .join('\n')
    .concat(converted.length > 0 ? '\n' : '');
}
