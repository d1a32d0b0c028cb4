import type { KubeObject } from '../objects.js';

/** The actions members carry out, with v1's event reasons and the words of their messages. */
export const outcomeWords = {
  create: { reason: 'CreateInCluster', verb: 'create', past: 'Created', note: '' },
  update: { reason: 'UpdateInCluster', verb: 'update', past: 'Updated', note: '' },
  repair: { reason: 'UpdateInCluster', verb: 'update', past: 'Updated', note: ' (repaired a change made in the member)' },
  delete: { reason: 'DeleteInCluster', verb: 'delete', past: 'Deleted', note: '' },
  release: { reason: 'OrphanInCluster', verb: 'release', past: 'Released', note: '' },
} as const;

export type OutcomeAction = keyof typeof outcomeWords;

/** MemberOutcome is one member's work done: what it did and how long it took. */
export interface MemberOutcome {
  cluster: string;
  action: OutcomeAction;
  durationMs: number;
}

/** OutcomeSummary is one Event (and one log line) for every member that did the same thing to one object. */
export interface OutcomeSummary {
  action: OutcomeAction;
  reason: string;
  clusters: string[];
  message: string;
  /** durationMs is the longest of the members' (they ran in parallel). */
  durationMs: number;
}

/** describeObject names an object in messages: "namespace/name", quoted. */
export function describeObject(object: KubeObject | undefined): string {
  const { namespace, name } = object?.metadata ?? {};
  return `"${namespace ? `${namespace}/` : ''}${name ?? ''}"`;
}

/** outcomeMessage: `Created configmap "ns/x" in clusters a, b` (a single member keeps v1's "in cluster a"). */
export function outcomeMessage(action: OutcomeAction, controller: string, described: string, clusters: readonly string[]): string {
  const words = outcomeWords[action];
  const where = clusters.length === 1 ? `cluster ${clusters[0]}` : `clusters ${clusters.join(', ')}`;
  return `${words.past} ${controller} ${described} in ${where}${words.note}`;
}

const order = Object.keys(outcomeWords) as OutcomeAction[];

/**
 * summarizeOutcomes groups members' outcomes for one object by action, in a fixed action order with
 * clusters by name, so the same work always reads the same (and repeats fold into one Event's count).
 */
export function summarizeOutcomes(controller: string, described: string, outcomes: readonly MemberOutcome[]): OutcomeSummary[] {
  return order.flatMap((action) => {
    const done = outcomes.filter((outcome) => outcome.action === action);
    if (done.length === 0) {
      return [];
    }
    const clusters = [...new Set(done.map((outcome) => outcome.cluster))].sort();
    return [
      {
        action,
        reason: outcomeWords[action].reason,
        clusters,
        message: outcomeMessage(action, controller, described, clusters),
        durationMs: Math.max(...done.map((outcome) => outcome.durationMs)),
      },
    ];
  });
}
