import type { Condition, KubeObject, ObjectStatus } from '../../core/objects.js';

/** Verdict is what kubectl's status viewer says about one workload. */
export interface Verdict {
  done: boolean;
  message: string;
  /** error ends the wait with a failure (kubectl: a progress deadline exceeded). */
  error?: string;
}

/** RolloutObject is a Deployment or a DaemonSet as the rollout verdicts read it. */
export type RolloutObject = KubeObject<{ replicas?: number; updateStrategy?: { type?: string } }, RolloutStatus>;

interface RolloutStatus extends ObjectStatus {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    conditions?: Condition[];
    desiredNumberScheduled?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
    numberReady?: number;
}

export type RolloutKind = 'Deployment' | 'DaemonSet';

/** deploymentVerdict is kubectl's DeploymentStatusViewer, message for message. */
export function deploymentVerdict(object: RolloutObject): Verdict {
  const { spec, status = {} } = object;
  const name = object.metadata.name ?? '';
  if ((object.metadata.generation ?? 0) > (status.observedGeneration ?? 0)) {
    return { done: false, message: 'Waiting for deployment spec update to be observed...' };
  }
  const progressing = status.conditions?.find((condition) => condition.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return { done: false, message: `deployment "${name}" exceeded its progress deadline`, error: `deployment "${name}" exceeded its progress deadline` };
  }
  const updated = status.updatedReplicas ?? 0;
  if (spec?.replicas !== undefined && updated < spec.replicas) {
    return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${spec.replicas} new replicas have been updated...` };
  }
  if ((status.replicas ?? 0) > updated) {
    return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${(status.replicas ?? 0) - updated} old replicas are pending termination...` };
  }
  if ((status.availableReplicas ?? 0) < updated) {
    return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${status.availableReplicas ?? 0} of ${updated} updated replicas are available...` };
  }
  return { done: true, message: `deployment "${name}" successfully rolled out` };
}

/** daemonSetVerdict is kubectl's DaemonSetStatusViewer. */
export function daemonSetVerdict(object: RolloutObject): Verdict {
  const { spec, status = {} } = object;
  const name = object.metadata.name ?? '';
  const strategy = spec?.updateStrategy?.type ?? 'RollingUpdate';
  if (strategy !== 'RollingUpdate') {
    const error = `rollout status is only available for RollingUpdate strategy type`;
    return { done: false, message: error, error };
  }
  if ((object.metadata.generation ?? 0) > (status.observedGeneration ?? 0)) {
    return { done: false, message: 'Waiting for daemon set spec update to be observed...' };
  }
  const desired = status.desiredNumberScheduled ?? 0;
  if ((status.updatedNumberScheduled ?? 0) < desired) {
    return { done: false, message: `Waiting for daemon set "${name}" rollout to finish: ${status.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...` };
  }
  if ((status.numberAvailable ?? 0) < desired) {
    return { done: false, message: `Waiting for daemon set "${name}" rollout to finish: ${status.numberAvailable ?? 0} of ${desired} updated pods are available...` };
  }
  return { done: true, message: `daemon set "${name}" successfully rolled out` };
}

export function verdictFor(kind: RolloutKind, object: RolloutObject): Verdict {
  return kind === 'Deployment' ? deploymentVerdict(object) : daemonSetVerdict(object);
}

/** MemberRollout is one member's copy and the share of replicas the placement gives it. */
export interface MemberRollout {
  cluster: string;
  copy?: RolloutObject;
  /** share is the member's replicas from the placement annotation (Deployments); undefined when unknown. */
  share?: number;
  /** problem says why the member could not be read. */
  problem?: string;
}

export interface RolloutState {
  done: boolean;
  error?: string;
  federated: Verdict;
  /** lines holds one progress line per member, keyed by cluster. */
  lines: { cluster: string; text: string; done: boolean }[];
}

/** memberLine renders a member's progress: updated / ready / available of its share, and what it waits for. */
export function memberLine(kind: RolloutKind, member: MemberRollout): { text: string; done: boolean; error?: string } {
  if (member.problem) {
    return { text: `${member.cluster}: cannot be read: ${member.problem}`, done: false };
  }
  if (!member.copy) {
    return { text: `${member.cluster}: no copy yet${member.share !== undefined ? ` (share ${member.share})` : ''}`, done: false };
  }
  const verdict = verdictFor(kind, member.copy);
  const status = member.copy.status ?? {};
  const counts =
    kind === 'Deployment'
      ? (() => {
          const share = member.copy?.spec?.replicas ?? member.share ?? 0;
          return `${status.updatedReplicas ?? 0}/${share} updated, ${status.readyReplicas ?? 0}/${share} ready, ${status.availableReplicas ?? 0}/${share} available`;
        })()
      : (() => {
          const desired = status.desiredNumberScheduled ?? 0;
          return `${status.updatedNumberScheduled ?? 0}/${desired} updated, ${status.numberReady ?? 0}/${desired} ready, ${status.numberAvailable ?? 0}/${desired} available`;
        })();
  const state = verdict.done ? 'rolled out' : verdict.error ? verdict.error : waitingFor(verdict.message);
  return { text: `${member.cluster}: ${counts} - ${state}`, done: verdict.done, ...(verdict.error ? { error: `${verdict.error} in ${member.cluster}` } : {}) };
}

/** waitingFor shortens kubectl's "Waiting for deployment "x" rollout to finish: …" to what is awaited. */
function waitingFor(message: string): string {
  const colon = message.indexOf('rollout to finish: ');
  const rest = colon >= 0 ? message.slice(colon + 'rollout to finish: '.length) : message;
  return `waiting: ${rest.replace(/\.\.\.$/, '')}`;
}

/**
 * rolloutState combines the federated object's aggregated status (which reports the generation as
 * observed only once every member observed it) with each member's own rollout. The rollout is done
 * when both agree; a member that holds no copy but should (share > 0) keeps it waiting.
 */
export function rolloutState(kind: RolloutKind, federated: RolloutObject, members: MemberRollout[]): RolloutState {
  const verdict = verdictFor(kind, federated);
  const relevant = members.filter((member) => {
    if (member.problem !== undefined || (member.share ?? 0) > 0) {
      return true;
    }
    // A member the placement gives nothing keeps an idle copy at 0 replicas; it has nothing to roll out.
    const copy = member.copy;
    return copy !== undefined && (kind === 'DaemonSet' || (copy.spec?.replicas ?? 1) > 0 || (copy.status?.replicas ?? 0) > 0);
  });
  const lines = relevant.map((member) => ({ cluster: member.cluster, ...memberLine(kind, member) }));
  const error = verdict.error ?? lines.find((line) => line.error !== undefined)?.error;
  const done = verdict.done && lines.every((line) => line.done);
  return { done, federated: verdict, lines: lines.map(({ cluster, text, done: finished }) => ({ cluster, text, done: finished })), ...(error ? { error } : {}) };
}

/** parseRolloutTarget reads "deployment/NAME", "deploy NAME", "daemonset/NAME"… as kubectl does. */
export function parseRolloutTarget(args: string[]): { kind: RolloutKind; name: string } {
  const [first, second] = args;
  let resource: string | undefined;
  let name: string | undefined;
  if (first?.includes('/')) {
    [resource, name] = first.split('/', 2);
    if (second !== undefined) {
      throw new Error('give either TYPE/NAME or TYPE NAME, not both');
    }
  } else {
    resource = first;
    name = second;
  }
  if (!resource || !name) {
    throw new Error('expected deployment/NAME (or daemonset/NAME)');
  }
  const kinds: Record<string, RolloutKind> = {
    deployment: 'Deployment',
    deployments: 'Deployment',
    deploy: 'Deployment',
    'deployment.apps': 'Deployment',
    'deployments.apps': 'Deployment',
    daemonset: 'DaemonSet',
    daemonsets: 'DaemonSet',
    ds: 'DaemonSet',
    'daemonset.apps': 'DaemonSet',
    'daemonsets.apps': 'DaemonSet',
  };
  const kind = kinds[resource.toLowerCase()];
  if (!kind) {
    throw new Error(`no rollout status for "${resource}": kubefed follows federated deployments and daemonsets`);
  }
  return { kind, name };
}
