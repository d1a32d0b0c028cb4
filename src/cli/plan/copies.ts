import type { KindAdapter, RenderResult } from '../../controllers/adapter.js';
import { createAdapters } from '../../controllers/kinds/index.js';
import { jobSpec } from '../../controllers/kinds/job.js';
import { overrideRender } from '../../controllers/overrides.js';
import { parseOverrides } from '../../core/overrides/codec.js';
import type { KubeObject } from '../../core/objects.js';
import { intentFor, type MemberIntent, memberObject } from '../../core/propagation/render.js';
import { appliedHashAnnotation, federationIdLabel, managedByLabel, overridesAnnotation } from '../../core/well-known.js';
import type { MemberView } from '../../members/registry.js';
import type { PlanCluster, PlanEntry, Share } from './plan.js';

/** PlannedCopy is what one member would hold. */
export interface PlannedCopy {
  cluster: string;
  object: KubeObject;
}

const adapters = Object.values(createAdapters({ unschedulableThresholdMs: 60_000, hpaScaleForbiddenWindowMs: 120_000 }));
// The preview has no federation to name; kubefed's identity labels and hash are taken off again below.
const federation = { name: 'preview', id: 'preview' };

/**
 * plannedCopies renders each planned member's copy of an object the way the controller-manager
 * would: the planned share (replicas, HPA bounds, Job parallelism and completions) or the kind's whole
 * copy, then the overrides annotation. kubefed's identity labels and content hash are left out. Notes
 * say what the preview could not know or what the controller would refuse (InvalidOverrides).
 */
export function plannedCopies(object: KubeObject, entry: PlanEntry, clusters: PlanCluster[], now: Date): { copies: PlannedCopy[]; notes: string[] } {
  const adapter = adapters.find((candidate) => candidate.type.kind === entry.kind);
  if (!adapter) {
    return { copies: [], notes: [] };
  }
  const placed = clusters.filter((cluster) => cluster.name in entry.placement);
  // Rendering reads only the names and labels of the clusters it is given.
  const views = placed.map((cluster) => ({ name: cluster.name, labels: cluster.labels ?? {}, ready: true, failed: false }) as MemberView);
  const context = { federation, clusters: views, actual: () => undefined, observations: undefined, now };
  const rendered: RenderResult =
    entry.split === 'whole'
      ? (adapter as KindAdapter<undefined>).render(object, context)
      : overrideRender(object, context, { intents: splitIntents(object, entry) }, adapter.computedPaths ?? []);
  const notes = (rendered.warnings ?? []).map((warning) => `${warning.reason}: ${warning.message}${warning.reason === 'InvalidOverrides' ? ' (no copies shown)' : ''}`);
  if (placed.some((cluster) => cluster.labels === undefined) && selectsByLabels(object)) {
    notes.push('overrides with a clusterSelector are matched against no labels: cluster labels are unknown with --clusters');
  }
  const copies = placed.flatMap((cluster) => {
    const intent = rendered.intents.get(cluster.name);
    return intent ? [{ cluster: cluster.name, object: withoutBookkeeping(intent.object) }] : [];
  });
  return { copies, notes };
}

/** selectsByLabels says whether a valid overrides annotation has a rule with a cluster selector. */
function selectsByLabels(object: KubeObject): boolean {
  try {
    return parseOverrides(object.metadata.annotations?.[overridesAnnotation]).some((rule) => rule.clusterSelector !== undefined);
  } catch {
    return false;
  }
}

/** splitIntents gives each cluster the object with its planned share, as the split kinds render it. */
function splitIntents(object: KubeObject, entry: PlanEntry): Map<string, MemberIntent> {
  const spec = (object.spec ?? {}) as Record<string, unknown>;
  const intents = new Map<string, MemberIntent>();
  for (const [cluster, share] of Object.entries(entry.placement)) {
    const body = splitSpec(spec, entry.split, share);
    if (body) {
      intents.set(cluster, intentFor(memberObject(object, federation, { spec: body })));
    }
  }
  return intents;
}

function splitSpec(spec: Record<string, unknown>, split: PlanEntry['split'], share: Share): Record<string, unknown> | undefined {
  if (typeof share === 'number') {
    return { ...spec, replicas: share };
  }
  if (share === true) {
    return spec;
  }
  if ('minReplicas' in share) {
    return { ...spec, ...share };
  }
  // A member without parallelism gets no Job.
  if (split === 'job' && share.parallelism === 0) {
    return undefined;
  }
  return { ...jobSpec(spec), parallelism: share.parallelism, ...(share.completions === undefined ? {} : { completions: share.completions }) };
}

function withoutBookkeeping(object: KubeObject): KubeObject {
  const { [managedByLabel]: _name, [federationIdLabel]: _id, ...labels } = object.metadata.labels ?? {};
  const { [appliedHashAnnotation]: _hash, ...annotations } = object.metadata.annotations ?? {};
  const { labels: _labels, annotations: _annotations, ...metadata } = object.metadata;
  return {
    ...object,
    metadata: { ...metadata, ...(Object.keys(labels).length > 0 ? { labels } : {}), ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
  };
}
