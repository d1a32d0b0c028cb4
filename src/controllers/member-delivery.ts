import type { KubeObject } from '../core/objects.js';
import type { ResourceType } from '../kube/resources.js';
import { decideAction } from '../core/propagation/decide.js';
import type { MemberOutcome } from '../core/propagation/member-outcomes.js';
import type { MemberIntent } from '../core/propagation/render.js';
import { adoptAnnotation } from '../core/well-known.js';
import type { Delivery } from '../members/dispatcher.js';
import type { MemberPort } from '../members/ports.js';
import type { ReconcileContext } from './controller.js';
import type { MemberActions } from './member-actions.js';

/** A cache that is still syncing is asked again after this long. */
const unsyncedRetryMs = 1_000;

export interface DeliveryRequest {
  member: MemberPort;
  type: ResourceType;
  key: string;
  /** intent is what the member should hold; undefined: nothing (its copy is deleted, or released when release is set). */
  intent?: MemberIntent;
  release?: boolean;
  /** source is the federated object (absent for a sweep), for events and the adopt annotation. */
  source?: KubeObject;
  actions: MemberActions;
  context: ReconcileContext;
  /** federated reads the federated object as kubefed knows it now, when the work runs. */
  federated(): KubeObject | undefined;
  /** finished is told once the work ended: with what was written, or without (nothing left to do, or failed). */
  finished(outcome: MemberOutcome | undefined): void;
}

/**
 * memberDelivery turns a reconcile's decision for one member into work its dispatcher can run
 * later: by then the member's copy may have changed, so the action is decided again from the
 * member's cache, and a copy is only written while the federated object it came from still stands.
 */
export function memberDelivery(request: DeliveryRequest): Delivery {
  const { member, type, key, intent, release, source } = request;
  const copy = member.current(type, key);
  const adopt = source?.metadata.annotations?.[adoptAnnotation] === 'true';
  return {
    fingerprint: [intent?.hash ?? (release ? 'release' : 'delete'), adopt, copy?.metadata.uid, copy?.metadata.resourceVersion].join('|'),
    run: async (signal) => {
      if (!member.informer(type).hasSynced()) {
        return { retryAfterMs: unsyncedRetryMs };
      }
      const current = member.current(type, key);
      const decided = decideAction(intent, current);
      if ((intent && !stillStands(source, request.federated())) || decided.kind === 'none' || decided.kind === 'wait') {
        request.finished(undefined);
        return;
      }
      const action = decided.kind === 'delete' && release ? ({ kind: 'release' } as const) : decided;
      let outcome: MemberOutcome | undefined;
      try {
        outcome = await request.actions.run(member, action, intent, current, source, request.context, signal);
      } finally {
        // An aborted write is decided again by the next dispatcher or leader; it reports nothing here.
        if (!signal.aborted) {
          request.finished(outcome);
        }
      }
    },
  };
}

/** stillStands: the federated object a copy was rendered from is still there, and not being deleted. */
function stillStands(source: KubeObject | undefined, now: KubeObject | undefined): boolean {
  return source !== undefined && now !== undefined && now.metadata.uid === source.metadata.uid && !now.metadata.deletionTimestamp;
}
