import type { Job, JobSpec, JobStatus } from '../../core/kinds.js';
import type { Condition } from '../../core/objects.js';
import { objectKey } from '../../core/objects.js';
import { jobs } from '../../kube/resources.js';
import { AnnotationError, readAnnotation } from '../../core/annotations/codec.js';
import { placementCodec } from '../../core/annotations/placement.js';
import { jobPreferencesCodec } from '../../core/annotations/preferences.js';
import { intentFor, type MemberIntent, memberObject } from '../../core/propagation/render.js';
import { splitJob } from '../../scheduling/job.js';
import { defaultPreferences } from '../../scheduling/preferences.js';
import { sumStatus } from '../../core/status/sum.js';
import type { KindAdapter, MemberCopy, RenderWarning } from '../adapter.js';
import { builtInScopes, inScope } from './federated-scope.js';

/** Labels the API server generates for a Job's pods; each member generates its own. */
const generatedLabels = ['controller-uid', 'batch.kubernetes.io/controller-uid', 'job-name', 'batch.kubernetes.io/job-name'];

/**
 * jobSpec drops the selector and pod labels the federation API server generated from the federated
 * Job's uid: members generate their own, and both fields are immutable there. A manual selector is
 * the user's and is kept.
 */
export function jobSpec(spec: JobSpec): JobSpec {
  if (spec.manualSelector) {
    return spec;
  }
  const { selector: _selector, ...rest } = spec;
  const labels = Object.fromEntries(Object.entries(spec.template?.metadata?.labels ?? {}).filter(([key]) => !generatedLabels.includes(key)));
  const template = spec.template ? { ...spec.template, metadata: { ...spec.template.metadata, labels } } : undefined;
  return { ...rest, ...(template ? { template } : {}) };
}

/**
 * jobAdapter splits a Job's parallelism and completions over the placed members with the job
 * preferences (the cluster selector applies, unlike v1). A member's completions are fixed once its
 * Job exists (the field is immutable), so they are retained rather than re-planned.
 */
export const jobAdapter: KindAdapter<undefined, Job> = {
  type: jobs,
  controller: 'job',
  splitsReplicas: true,
  computedPaths: [
    ['spec', 'parallelism'],
    ['spec', 'completions'],
  ],
  federates: (object) => inScope(builtInScopes.jobs.scope, object),
  render: (object, context) => {
    const spec = object.spec ?? {};
    const warnings: RenderWarning[] = [];
    let preferences = defaultPreferences;
    try {
      preferences = readAnnotation(jobPreferencesCodec, object.metadata.annotations) ?? defaultPreferences;
    } catch (error) {
      if (!(error instanceof AnnotationError)) {
        throw error;
      }
      warnings.push({ reason: 'InvalidPreferences', message: `${error.message}; using the default placement` });
    }
    const shares = splitJob({
      parallelism: spec.parallelism ?? 1,
      completions: spec.completions,
      clusters: context.clusters.map((view) => view.name),
      key: objectKey(object),
      preferences,
    });
    const intents = new Map<string, MemberIntent>();
    const body = jobSpec(spec);
    for (const [cluster, share] of Object.entries(shares)) {
      // A member without parallelism gets no Job (v1 made none either), unless it already has one to keep.
      if (share.parallelism === 0 && !context.actual(cluster)) {
        continue;
      }
      const copySpec = { ...body, parallelism: share.parallelism, ...(share.completions === undefined ? {} : { completions: share.completions }) };
      intents.set(cluster, intentFor(memberObject(object, context.federation, { spec: copySpec }), [['spec', 'completions']]));
    }
    return { intents, warnings, annotations: { [placementCodec.annotation]: placementCodec.encode(shares) } };
  },
  status: (object, copies) => jobStatus(object, copies),
};

/**
 * jobStatus sums the members' counts. The federated Job is Complete only when every member Job is
 * (v1 said Complete as soon as one was), and Failed as soon as one member Job failed.
 */
export function jobStatus(object: Job, copies: MemberCopy<Job>[]): Record<string, unknown> {
  const placed = copies.filter((copy) => copy.hash !== undefined);
  const statuses = placed.map((copy): JobStatus => copy.object?.status ?? {});
  const has = (status: JobStatus, type: string) => status.conditions?.some((condition) => condition.type === type && condition.status === 'True');
  const starts = statuses.map((status) => status.startTime).filter((time): time is string => !!time).sort();
  const failed = statuses.filter((status) => has(status, 'Failed'));
  const complete = placed.length > 0 && placed.every((copy, index) => copy.object && has(statuses[index] ?? {}, 'Complete'));
  const previous: JobStatus = object.status ?? {};
  const counts = sumStatus(placed, ['active', 'succeeded', 'failed', 'ready', 'terminating'] as const);
  let conditions: Condition[] = [];
  if (failed.length > 0) {
    conditions = pickConditions(failed, ['FailureTarget', 'Failed']);
  } else if (complete) {
    conditions = pickConditions(statuses, ['SuccessCriteriaMet', 'Complete']);
  }
  const completionTimes = statuses.map((status) => status.completionTime).filter((time): time is string => !!time).sort();
  return {
    ...counts,
    ...(failed.length > 0 || complete ? { active: 0, ready: 0, terminating: 0 } : {}),
    ...(starts[0] ?? previous.startTime ? { startTime: starts[0] ?? previous.startTime } : {}),
    ...(complete && completionTimes.length > 0 ? { completionTime: completionTimes[completionTimes.length - 1] } : {}),
    ...(conditions.length > 0 ? { conditions } : {}),
  };
}

/** pickConditions takes, per type, the latest True condition the given members report. */
function pickConditions(statuses: { conditions?: Condition[] }[], types: string[]): Condition[] {
  return types.flatMap((type) => {
    const found = statuses
      .flatMap((status) => status.conditions ?? [])
      .filter((condition) => condition.type === type && condition.status === 'True')
      .sort((a, b) => (a.lastTransitionTime ?? '').localeCompare(b.lastTransitionTime ?? ''));
    const latest = found[found.length - 1];
    return latest ? [latest] : [];
  });
}
