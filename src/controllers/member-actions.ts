import type { EventRecorder } from '../runtime/events/recorder.js';
import { errorMessage } from '../kube/errors.js';
import type { KubeObject } from '../core/objects.js';
import { ClashError } from '../members/member.js';
import type { MemberWriter } from '../members/ports.js';
import type { Metrics } from '../runtime/observability/metrics.js';
import type { MemberAction } from '../core/propagation/decide.js';
import { applyBody, type MemberIntent } from '../core/propagation/render.js';
import { adoptAnnotation } from '../core/well-known.js';
import type { KindAdapter } from './adapter.js';
import type { ReconcileContext } from './controller.js';

/** An action with its v1 event reason and the verb used in messages. */
const vocabulary = {
  create: { reason: 'CreateInCluster', verb: 'create', past: 'Created' },
  update: { reason: 'UpdateInCluster', verb: 'update', past: 'Updated' },
  delete: { reason: 'DeleteInCluster', verb: 'delete', past: 'Deleted' },
  release: { reason: 'OrphanInCluster', verb: 'release', past: 'Released' },
} as const;

export type RunnableAction = Exclude<MemberAction, { kind: 'none' } | { kind: 'wait' }> | { kind: 'release' };

interface MemberActionsOptions {
  adapter: KindAdapter<unknown>;
  recorder: Pick<EventRecorder, 'record'>;
  metrics: Metrics;
}

/**
 * MemberActions carries out one decided action on one member and reports it the way operators
 * look for it: a v1-named event on the federated object, a log line, and the write counters.
 */
export class MemberActions {
  readonly #options: MemberActionsOptions;

  constructor(options: MemberActionsOptions) {
    this.#options = options;
  }

  async run(
    member: MemberWriter,
    action: RunnableAction,
    intent: MemberIntent | undefined,
    copy: KubeObject | undefined,
    source: KubeObject | undefined,
    context: ReconcileContext,
    signal?: AbortSignal,
  ): Promise<void> {
    const { adapter, recorder, metrics } = this.#options;
    const words = vocabulary[action.kind];
    const labels = { cluster: member.name, kind: adapter.type.kind, action: words.verb };
    const started = performance.now();
    try {
      await this.#perform(member, action, intent, copy, source, signal);
      metrics.memberWrites.inc(labels);
      const drift = action.kind === 'update' && action.reason === 'drift';
      const message = `${words.past} ${adapter.controller} ${describe(source ?? copy)} in cluster ${member.name}${drift ? ' (repaired a change made in the member)' : ''}`;
      if (source) {
        recorder.record(source, 'Normal', words.reason, message);
      }
      context.logger.info(message, {
        cluster: member.name,
        action: drift ? 'repair' : words.verb,
        durationMs: Math.round(performance.now() - started),
      });
    } catch (error) {
      if (signal?.aborted) {
        throw error;
      }
      metrics.memberWriteErrors.inc(labels);
      // The member's message may quote what it rejected (a Secret's value, say): the recorder and the logger redact it.
      const detail = errorMessage(error);
      const reason = error instanceof ClashError ? 'AlreadyExistsInCluster' : `${words.reason}Failed`;
      const message =
        error instanceof ClashError
          ? detail
          : `Failed to ${words.verb} ${adapter.controller} ${describe(source ?? copy)} in cluster ${member.name}: ${detail}`;
      if (source) {
        recorder.record(source, 'Warning', reason, message);
      }
      context.logger.warn(message, {
        cluster: member.name,
        action: words.verb,
        durationMs: Math.round(performance.now() - started),
        error: detail,
      });
      // A clash stays terminal (see MemberDispatcher); the member's raw error may quote a Secret, so only the message goes on.
      throw error instanceof ClashError ? new ClashError(message) : new Error(message);
    }
  }

  async #perform(
    member: MemberWriter,
    action: RunnableAction,
    intent: MemberIntent | undefined,
    copy: KubeObject | undefined,
    source: KubeObject | undefined,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const type = this.#options.adapter.type;
    switch (action.kind) {
      case 'create': {
        const adopt = source?.metadata.annotations?.[adoptAnnotation] === 'true';
        await member.create(type, applyBody(intent as MemberIntent, undefined), adopt, signal);
        return;
      }
      case 'update':
        await member.apply(type, applyBody(intent as MemberIntent, copy), copy, signal);
        return;
      case 'delete':
        await member.delete(type, copy as KubeObject, signal);
        return;
      case 'release':
        await member.release(type, copy as KubeObject, signal);
        return;
    }
  }
}

function describe(object: KubeObject | undefined): string {
  const { namespace, name } = object?.metadata ?? {};
  return `"${namespace ? `${namespace}/` : ''}${name ?? ''}"`;
}
