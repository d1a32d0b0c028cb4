import type { EventRecorder } from '../runtime/events/recorder.js';
import type { Informer } from '../informers/informer.js';
import { MutationCache } from '../informers/mutation-cache.js';
import { trimObject } from '../informers/trim.js';
import type { KubeClient } from '../kube/client.js';
import type { ResourceType } from '../kube/resources.js';
import { errorMessage } from '../kube/errors.js';
import { type Condition, type KubeObject, objectKey, splitKey } from '../core/objects.js';
import type { MemberRegistry, MemberView } from '../members/registry.js';
import type { Metrics } from '../runtime/observability/metrics.js';
import type { Redactor } from '../runtime/observability/redactor.js';
import type { Clock } from '../runtime/clock.js';
import { decideAction } from '../core/propagation/decide.js';
import type { FederationIdentity } from '../core/propagation/identity.js';
import { mergePatch, withoutEmpty } from '../core/propagation/merge-patch.js';
import { placeObject } from '../core/propagation/placement.js';
import { describePlacementChange } from '../core/annotations/placement-change.js';
import {
  foregroundFinalizer,
  orphanAnnotation,
  orphanFinalizer,
  placementAnnotation,
  propagationFinalizer,
} from '../core/well-known.js';
import type { KindAdapter, MemberCopy, RenderResult } from './adapter.js';
import type { ReconcileContext, ReconcileResult, Reconciler } from './controller.js';
import { annotationChanges, patchAnnotations, patchStatus, setFinalizers } from './federated-writes.js';
import { MemberActions } from './member-actions.js';

export interface FederatedReconcilerOptions {
  adapter: KindAdapter<unknown>;
  federation: FederationIdentity;
  informer: Informer<KubeObject>;
  client: KubeClient;
  registry: MemberRegistry;
  recorder: EventRecorder;
  metrics: Metrics;
  /** redactor blanks secret values out of the members' condition messages before they become the federated status. */
  redactor: Redactor;
  clock: Clock;
  /** federatedCache finds the cache of another federated kind, for adapters that look at related objects. */
  federatedCache?: (type: ResourceType) => Informer<KubeObject> | undefined;
  /** changedAt tells when a change of each key was first seen, for the propagation latency metric. */
  changedAt: Map<string, number>;
}

const notSyncedRetryMs = 1_000;

/**
 * FederatedReconciler makes every selected, ready member hold one federated object (rendered by the
 * kind's adapter) and nothing more, then writes the aggregated status back. A reconcile that finds
 * everything in place writes nothing.
 */
export class FederatedReconciler implements Reconciler {
  readonly #options: FederatedReconcilerOptions;
  readonly #actions: MemberActions;
  /** kubefed's own writes to federated objects, until the watch delivers them. */
  readonly #mutations = new MutationCache<KubeObject>();

  constructor(options: FederatedReconcilerOptions) {
    this.#options = options;
    this.#actions = new MemberActions(options);
  }

  async reconcile(key: string, context: ReconcileContext): Promise<ReconcileResult> {
    const { informer, adapter, registry } = this.#options;
    if (!informer.hasSynced() || !registry.hasSynced()) {
      return { requeueAfterMs: notSyncedRetryMs };
    }
    const { namespace, name } = splitKey(key);
    const log = context.logger.child({ kind: adapter.type.kind, namespace, name });
    const scoped = { ...context, logger: log };
    const object = this.#mutations.newest(key, informer.get(key));
    const views = registry.views();
    if (!object || !adapter.federates(object)) {
      return this.#sweep(key, views, scoped);
    }
    if (object.metadata.deletionTimestamp) {
      return this.#delete(object, views, scoped);
    }
    const finalized = await this.#ensureFinalizer(object);
    return this.#propagate(finalized, views, scoped);
  }

  async #ensureFinalizer(object: KubeObject): Promise<KubeObject> {
    const finalizers = object.metadata.finalizers ?? [];
    if (finalizers.includes(propagationFinalizer)) {
      return object;
    }
    const { client, adapter } = this.#options;
    return this.#remember(await setFinalizers(client, adapter.type, object, [...finalizers, propagationFinalizer]));
  }

  /** remember keeps a write's result (trimmed like the cache) until the watch delivers it, and returns it. */
  #remember(stored: KubeObject): KubeObject {
    const trimmed = (this.#options.adapter.trim ?? trimObject)(stored);
    this.#mutations.remember(objectKey(trimmed), trimmed);
    return trimmed;
  }

  async #propagate(object: KubeObject, views: MemberView[], context: ReconcileContext): Promise<ReconcileResult> {
    const { adapter, federation, recorder, clock } = this.#options;
    const key = objectKey(object);
    // Placement, replica plans and status all read the members' caches; until every ready member's
    // cache is synced they would be computed from a partial picture, so nothing is decided yet.
    if (views.some((view) => view.ready && view.member && !view.member.informer(adapter.type).hasSynced())) {
      return { requeueAfterMs: notSyncedRetryMs };
    }
    const actual = (cluster: string) => this.#copy(cluster, key);
    const placement = placeObject(object, views, adapter.splitsReplicas, (cluster) => actual(cluster) !== undefined);
    if (placement.error) {
      recorder.record(object, 'Warning', 'InvalidClusterSelector', `${placement.error}; placement left unchanged`);
    }
    const now = new Date(clock.now());
    const observations = adapter.observe
      ? await adapter.observe(object, {
          clusters: placement.clusters,
          actual,
          member: (name) => this.#options.registry.member(name),
          federated: (type, namespace, name) => {
            const cache = this.#options.federatedCache?.(type);
            return { known: cache !== undefined, object: cache?.get(namespace ? `${namespace}/${name}` : name) };
          },
          federatedIn: (type, namespace) =>
            this.#options.federatedCache?.(type)?.list().filter((item) => item.metadata.namespace === namespace) ?? [],
          now,
        })
      : undefined;
    const rendered = adapter.render(object, { federation, clusters: placement.clusters, actual, observations, now });
    rendered.warnings?.forEach((warning) => recorder.record(object, 'Warning', warning.reason, warning.message));

    let pending = false;
    const work: Promise<void>[] = [];
    for (const view of views) {
      const informer = view.ready ? view.member?.informer(adapter.type) : undefined;
      if (!view.member || !informer) {
        continue;
      }
      const copy = view.member.current(adapter.type, key);
      const intent = rendered.intents.get(view.name);
      const action = decideAction(intent, copy);
      if (action.kind === 'wait') {
        pending = true;
      } else if (action.kind !== 'none') {
        work.push(this.#actions.run(view.member, action, intent, copy, object, context));
      }
    }
    const results = await Promise.allSettled(work);
    await this.#writeBack(object, rendered, placement.clusters, context);
    const failures = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failures.length > 0) {
      throw new Error(failures.map((failure) => errorMessage(failure.reason)).join('; '));
    }
    if (work.length === 0 && !pending) {
      this.#recordInSync(key);
    }
    const wait = [pending ? notSyncedRetryMs : undefined, rendered.requeueAfterMs].filter((value): value is number => value !== undefined);
    return wait.length > 0 ? { requeueAfterMs: Math.min(...wait) } : {};
  }

  /** writeBack updates the federated object's annotations and status, each only when it changed. */
  async #writeBack(object: KubeObject, rendered: RenderResult, placed: MemberView[], context: ReconcileContext): Promise<void> {
    const { client, adapter } = this.#options;
    const changes = annotationChanges(object, rendered.annotations);
    let current = object;
    if (changes) {
      current = this.#remember(await patchAnnotations(client, adapter.type, object, changes));
      const moved = describePlacementChange(object.metadata.annotations?.[placementAnnotation], changes[placementAnnotation] ?? undefined);
      if (moved) {
        const unplaced = placed.length === 0 ? '' : `; placed on ${placed.map((view) => view.name).join(', ')}`;
        this.#options.recorder.record(current, 'Normal', 'ReplicasMoved', `replicas moved: ${moved}${unplaced}`);
        context.logger.info(`replicas moved: ${moved}`, { action: 'move', placement: changes[placementAnnotation] });
      } else {
        context.logger.debug('federated annotations updated', { action: 'annotate', annotations: changes });
      }
    }
    if (!adapter.status) {
      return;
    }
    const key = objectKey(object);
    const copies: MemberCopy[] = placed
      .filter((view) => view.ready && view.member)
      .map((view) => ({ cluster: view.name, object: this.#copy(view.name, key), hash: rendered.intents.get(view.name)?.hash }));
    const wanted = this.#redactConditions(adapter.status(current, copies));
    const patch = wanted === undefined ? undefined : mergePatch(withoutEmpty(current.status) ?? {}, withoutEmpty(wanted) ?? {});
    if (patch !== undefined) {
      this.#remember(await patchStatus(client, adapter.type, current, patch));
      context.logger.debug('federated status updated', { action: 'status', patch });
      for (const line of adapter.progress?.(current, copies) ?? []) {
        context.logger.info('rollout progress', { cluster: line.cluster, action: 'rollout', ...line.fields });
      }
    }
  }

  #redactConditions(status: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
    const conditions = status?.conditions as Condition[] | undefined;
    return Array.isArray(conditions) ? { ...status, conditions: this.#options.redactor.conditions(conditions) } : status;
  }

  async #delete(object: KubeObject, views: MemberView[], context: ReconcileContext): Promise<ReconcileResult> {
    const finalizers = object.metadata.finalizers ?? [];
    if (!finalizers.includes(propagationFinalizer)) {
      return {};
    }
    const orphan = finalizers.includes(orphanFinalizer) || object.metadata.annotations?.[orphanAnnotation] === 'true';
    const key = objectKey(object);
    let pending = false;
    const work: Promise<void>[] = [];
    // Members that are not ready are not waited for; they are swept when they come back.
    for (const view of views) {
      const informer = view.ready ? view.member?.informer(this.#options.adapter.type) : undefined;
      if (!view.member || !informer) {
        continue;
      }
      if (!informer.hasSynced()) {
        pending = true;
        continue;
      }
      const copy = view.member.current(this.#options.adapter.type, key);
      if (copy && !copy.metadata.deletionTimestamp) {
        const action = orphan ? ({ kind: 'release' } as const) : ({ kind: 'delete' } as const);
        work.push(this.#actions.run(view.member, action, undefined, copy, object, context));
      }
    }
    const results = await Promise.allSettled(work);
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) {
      throw failure.reason;
    }
    if (pending) {
      return { requeueAfterMs: notSyncedRetryMs };
    }
    const kept = finalizers.filter((finalizer) => ![propagationFinalizer, orphanFinalizer, foregroundFinalizer].includes(finalizer));
    this.#remember(await setFinalizers(this.#options.client, this.#options.adapter.type, object, kept));
    context.logger.info(orphan ? 'federated object deleted, member copies kept' : 'federated object deleted from members', {
      action: orphan ? 'orphan' : 'delete',
    });
    this.#options.changedAt.delete(key);
    return {};
  }

  /**
   * sweep deletes managed copies whose federated object is gone (deleted while a member was unreachable).
   * It reads copies as kubefed knows them, so a copy it has just released (orphaned) or deleted, whose
   * watch event is still on its way, is not taken for a managed one.
   */
  async #sweep(key: string, views: MemberView[], context: ReconcileContext): Promise<ReconcileResult> {
    this.#options.changedAt.delete(key);
    const work: Promise<void>[] = [];
    for (const view of views) {
      const informer = view.ready ? view.member?.informer(this.#options.adapter.type) : undefined;
      // Deleting on the word of an unsynced cache could remove what is still wanted; wait for the sync.
      const copy = informer?.hasSynced() ? view.member?.current(this.#options.adapter.type, key) : undefined;
      if (view.member && copy && !copy.metadata.deletionTimestamp) {
        work.push(this.#actions.run(view.member, { kind: 'delete' }, undefined, copy, undefined, context));
      }
    }
    const failure = (await Promise.allSettled(work)).find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) {
      throw failure.reason;
    }
    return {};
  }

  #copy(cluster: string, key: string): KubeObject | undefined {
    return this.#options.registry.member(cluster)?.current(this.#options.adapter.type, key);
  }

  #recordInSync(key: string): void {
    const { changedAt, metrics, adapter, clock } = this.#options;
    const since = changedAt.get(key);
    if (since !== undefined) {
      changedAt.delete(key);
      metrics.propagationLatency.observe({ controller: adapter.controller }, (clock.now() - since) / 1000);
    }
  }
}
