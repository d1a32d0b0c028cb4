import type { EventRecorder } from '../runtime/events/recorder.js';
import { errorMessage } from '../kube/errors.js';
import type { KubeObject } from '../core/objects.js';
import { ClashError } from '../members/member.js';
import type { MemberPort, MemberWriter } from '../members/ports.js';
import type { Metrics } from '../runtime/observability/metrics.js';
import type { MemberAction } from '../core/propagation/decide.js';
import { applyBody, type MemberIntent } from '../core/propagation/render.js';
import { adoptAnnotation } from '../core/well-known.js';
import type { FederationIdentity } from '../core/propagation/identity.js';
import { describeObject, type MemberOutcome, outcomeMessage, outcomeWords } from '../core/propagation/member-outcomes.js';
import { decideNamespaceDeparture, keptMessage } from '../core/propagation/namespace-departure.js';
import { namespaceContents } from '../members/namespace-contents.js';
import type { KindAdapter } from './adapter.js';
import type { ReconcileContext } from './controller.js';

export type RunnableAction = Exclude<MemberAction, { kind: 'none' } | { kind: 'wait' }> | { kind: 'release' };

interface MemberActionsOptions {
  adapter: KindAdapter<unknown>;
  federation: FederationIdentity;
  recorder: Pick<EventRecorder, 'record'>;
  metrics: Metrics;
}

/**
 * MemberActions carries out one decided action on one member: it counts the write, logs it at debug,
 * and returns what was done, which MemberSummaries reports for every member at once (one v1-named
 * Event and one info line). A failure is reported here, per member, with that member's error.
 */
export class MemberActions {
  readonly #options: MemberActionsOptions;

  constructor(options: MemberActionsOptions) {
    this.#options = options;
  }

  async run(
    member: MemberWriter & Pick<MemberPort, 'client'>,
    action: RunnableAction,
    intent: MemberIntent | undefined,
    copy: KubeObject | undefined,
    source: KubeObject | undefined,
    context: ReconcileContext,
    signal?: AbortSignal,
  ): Promise<MemberOutcome | undefined> {
    const { adapter, recorder, metrics } = this.#options;
    const words = outcomeWords[action.kind];
    const labels = { cluster: member.name, kind: adapter.type.kind, action: words.verb };
    const started = performance.now();
    try {
      const kept = await this.#perform(member, action, intent, copy, source, signal);
      if (kept !== undefined) {
        metrics.memberWrites.inc({ ...labels, action: 'release' });
        recorder.record(source!, 'Warning', 'NamespaceKeptInCluster', kept);
        context.logger.warn(kept, { cluster: member.name, action: 'release', durationMs: Math.round(performance.now() - started) });
        return undefined;
      }
      metrics.memberWrites.inc(labels);
      const outcome: MemberOutcome = {
        cluster: member.name,
        action: action.kind === 'update' && action.reason === 'drift' ? 'repair' : action.kind,
        durationMs: Math.round(performance.now() - started),
      };
      context.logger.debug(outcomeMessage(outcome.action, adapter.controller, describeObject(source ?? copy), [member.name]), {
        cluster: member.name,
        action: outcome.action,
        durationMs: outcome.durationMs,
      });
      return outcome;
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
          : `Failed to ${words.verb} ${adapter.controller} ${describeObject(source ?? copy)} in cluster ${member.name}: ${detail}`;
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

  /** perform carries the action out; it returns a Warning's message when a namespace was kept instead of deleted. */
  async #perform(
    member: MemberWriter & Pick<MemberPort, 'client'>,
    action: RunnableAction,
    intent: MemberIntent | undefined,
    copy: KubeObject | undefined,
    source: KubeObject | undefined,
    signal: AbortSignal | undefined,
  ): Promise<string | undefined> {
    const type = this.#options.adapter.type;
    switch (action.kind) {
      case 'create': {
        const adopt = source?.metadata.annotations?.[adoptAnnotation] === 'true';
        await member.create(type, applyBody(needed(intent, 'desired object', action.kind), undefined), adopt, signal);
        return;
      }
      case 'update':
        await member.apply(type, applyBody(needed(intent, 'desired object', action.kind), copy), copy, signal);
        return;
      case 'delete':
        // A namespace leaving a member (its federated object lives on) may hold what is not kubefed's.
        if (type.kind === 'Namespace' && type.group === '' && source && !source.metadata.deletionTimestamp) {
          return this.#depart(member, needed(copy, 'member copy', action.kind), signal);
        }
        await member.delete(type, needed(copy, 'member copy', action.kind), signal);
        return;
      case 'release':
        await member.release(type, needed(copy, 'member copy', action.kind), signal);
        return;
    }
  }

  /** depart deletes a member namespace that holds only kubefed's objects; otherwise it deletes those and releases the namespace. */
  async #depart(member: MemberWriter & Pick<MemberPort, 'client'>, copy: KubeObject, signal: AbortSignal | undefined): Promise<string | undefined> {
    const name = copy.metadata.name ?? '';
    const departure = decideNamespaceDeparture(await namespaceContents(member.client, name), this.#options.federation);
    if (departure.kind === 'delete') {
      await member.delete(this.#options.adapter.type, copy, signal);
      return undefined;
    }
    await Promise.all(departure.own.map((item) => member.delete(item.type, item.object, signal)));
    await member.release(this.#options.adapter.type, copy, signal);
    return keptMessage(name, member.name, departure.foreign, departure.unseen);
  }
}

/** needed fails an action the planner made without what it acts on (the planner never does: create and update carry an intent, delete and release a copy). */
function needed<T>(value: T | undefined, what: string, action: string): T {
  if (value === undefined) {
    throw new Error(`${action} without a ${what}`);
  }
  return value;
}
