import type { KubeObject } from '../../core/objects.js';
import { clone, type Conversion, ConvertError, isRecord, type JsonRecord, record } from './conversion.js';

interface Expression {
  key: string;
  operator: string;
  values?: string[];
}

/** selectorMatches evaluates a metav1.LabelSelector against labels, as the API server's validation does. */
export function selectorMatches(selector: JsonRecord, labels: Record<string, string>): boolean {
  const matchLabels = record(selector, 'matchLabels') ?? {};
  if (!Object.entries(matchLabels).every(([key, value]) => labels[key] === value)) {
    return false;
  }
  const expressions = Array.isArray(selector.matchExpressions) ? (selector.matchExpressions as Expression[]) : [];
  return expressions.every(({ key, operator, values = [] }) => {
    const value = Object.hasOwn(labels, key) ? labels[key] : undefined;
    switch (operator) {
      case 'In':
        return value !== undefined && values.includes(value);
      case 'NotIn':
        return value === undefined || !values.includes(value);
      case 'Exists':
        return value !== undefined;
      case 'DoesNotExist':
        return value === undefined;
      default:
        return false;
    }
  });
}

/** What changed between a legacy API version's defaults and apps/v1's, for fields the manifest leaves unset. */
function defaultNotes(kind: string, from: string, spec: JsonRecord): string[] {
  const notes: string[] = [];
  if (kind === 'Deployment' && from === 'extensions/v1beta1') {
    if (!record(spec, 'strategy')) {
      notes.push('apps/v1 rolls out with maxUnavailable 25% and maxSurge 25% (extensions/v1beta1 used 1 and 1); set spec.strategy to keep the old pace');
    }
    if (spec.revisionHistoryLimit === undefined) {
      notes.push('apps/v1 keeps 10 old ReplicaSets (extensions/v1beta1 kept all); set spec.revisionHistoryLimit to change that');
    }
    if (spec.progressDeadlineSeconds === undefined) {
      notes.push('apps/v1 reports a rollout stuck after 600s (extensions/v1beta1 never did); kubefed rollout status fails then');
    }
  }
  if (kind === 'Deployment' && from === 'apps/v1beta1' && spec.revisionHistoryLimit === undefined) {
    notes.push('apps/v1 keeps 10 old ReplicaSets (apps/v1beta1 kept 2); set spec.revisionHistoryLimit to change that');
  }
  if (kind === 'DaemonSet' && from === 'extensions/v1beta1' && !record(spec, 'updateStrategy')) {
    notes.push('apps/v1 updates DaemonSet pods with RollingUpdate (extensions/v1beta1 used OnDelete); set spec.updateStrategy.type: OnDelete to keep that');
  }
  return notes;
}

/**
 * convertWorkload rewrites an extensions/v1beta1 or apps/v1beta1/v1beta2 Deployment, ReplicaSet or
 * DaemonSet as apps/v1. apps/v1 requires spec.selector (older versions defaulted it from the pod
 * template's labels) and that it matches those labels; fields apps/v1 dropped are removed.
 */
export function convertWorkload(input: KubeObject): Conversion {
  const object = clone(input);
  const from = String(object.apiVersion);
  const kind = String(object.kind);
  const changes = [`apiVersion ${from} -> apps/v1`];
  object.apiVersion = 'apps/v1';
  const spec = record(object, 'spec');
  if (!spec) {
    throw new ConvertError('has no spec');
  }
  const metadataLabels = record(record(spec, 'template'), 'metadata')?.labels;
  const labels: Record<string, string> = isRecord(metadataLabels) ? Object.fromEntries(Object.entries(metadataLabels).filter((entry): entry is [string, string] => typeof entry[1] === 'string')) : {};
  const selector = spec.selector;
  if (selector === undefined || selector === null) {
    if (Object.keys(labels).length === 0) {
      throw new ConvertError('has neither spec.selector nor pod template labels; apps/v1 requires a selector, so add labels to spec.template.metadata');
    }
    // Placed before the template, where kubectl and the API server print it.
    const { template, ...rest } = spec;
    for (const key of Object.keys(spec)) {
      delete spec[key];
    }
    Object.assign(spec, rest, { selector: { matchLabels: { ...labels } } }, template === undefined ? {} : { template });
    changes.push(`added spec.selector.matchLabels ${JSON.stringify(labels)} from the pod template labels (apps/v1 requires a selector)`);
  } else if (!isRecord(selector)) {
    throw new ConvertError('spec.selector is not a label selector');
  } else if (!selectorMatches(selector, labels)) {
    throw new ConvertError(`spec.selector ${JSON.stringify(selector)} does not match the pod template labels ${JSON.stringify(labels)}; apps/v1 rejects that`);
  }
  if (kind === 'Deployment' && spec.rollbackTo !== undefined) {
    delete spec.rollbackTo;
    changes.push('removed spec.rollbackTo (gone in apps/v1; use kubectl rollout undo in the federation)');
  }
  if (kind === 'DaemonSet' && spec.templateGeneration !== undefined) {
    delete spec.templateGeneration;
    changes.push('removed spec.templateGeneration (gone in apps/v1)');
  }
  return { object, changes, notes: defaultNotes(kind, from, spec) };
}
