import type { EventRecorder } from '../runtime/events/recorder.js';
import type { Informer } from '../informers/informer.js';
import { MutationCache } from '../informers/mutation-cache.js';
import { trimObject } from '../informers/trim.js';
import type { ResourceType } from '../kube/resources.js';
import { isNotFound } from '../kube/errors.js';
import { type Condition, type KubeObject, objectKey, splitKey } from '../core/objects.js';
import type { MemberDirectory, MemberPort } from '../members/ports.js';
import type { MemberView } from '../members/registry.js';
import type { Metrics } from '../runtime/observability/metrics.js';
import type { Redactor } from '../runtime/observability/redactor.js';
import type { Clock } from '../runtime/clock.js';
import { decideAction } from '../core/propagation/decide.js';
import type { FederationIdentity } from '../core/propagation/identity.js';
import { mergePatch, withoutEmpty } from '../core/propagation/merge-patch.js';
import { placeObject } from '../core/propagation/placement.js';
import { describePlacementChange } from '../core/annotations/placement-change.js';
import { awayClusters, OrphanLedger, pendingReleaseKey } from '../core/propagation/orphan-ledger.js';
import type { MemberIntent } from '../core/propagation/render.js';
import {
  foregroundFinalizer,
  orphanAnnotation,
  orphanFinalizer,
  placementAnnotation,
  propagationFinalizer,
} from '../core/well-known.js';
import type { KindAdapter, MemberCopy, RenderResult } from './adapter.js';
import type { ReconcileContext, ReconcileResult, Reconciler } from './controller.js';
import { annotationChanges, type FederationWriter, patchAnnotations, patchStatus, setFinalizers } from './federated-writes.js';
import { MemberActions } from './member-actions.js';
import { memberDelivery } from './member-delivery.js';
import { MemberSummaries } from './member-summaries.js';
import { PendingReleases } from './pending-releases.js';
import { StatusPacer } from './status-pacer.js';

type View = MemberView<MemberPort>;

/** FederatedCache is what the reconcile reads of the federated objects' cache. */
export type FederatedCache = Pick<Informer<KubeObject>, 'hasSynced' | 'get'>;

export interface FederatedReconcilerOptions {
  adapter: KindAdapter<unknown>;
  federation: FederationIdentity;
  informer: FederatedCache;
  client: FederationWriter;
  /** registry lists the members and hands each its work (see MemberDispatcher). */
  registry: MemberDirectory;
  recorder: Pick<EventRecorder, 'record'>;
  metrics: Metrics;
  /** redactor blanks secret values out of the members' condition messages before they become the federated status. */
  redactor: Redactor;
  clock: Clock;
  /** federatedCache finds the cache of another federated kind, for adapters that look at related objects. */
  federatedCache?: (type: ResourceType) => Informer<KubeObject> | undefined;
  /** changedAt tells when a change of each key was first seen, for the propagation latency metric. */
  changedAt: Map<string, number>;
  /** settled is told when the members handed work for a key are through with it, so it is reconciled again (status, finalizers). */
  settled: (key: string) => void;
  /** summaryWaitMs bounds how long members that finished wait for the others before their one Event is written. */
  summaryWaitMs?: number;
  /** statusIntervalMs is the shortest time between two writes of an object's rollout progress (see StatusPacer). */
  statusIntervalMs?: number;
}

const notSyncedRetryMs = 1_000;

/**
 * A rollout's intermediate status reaches the federation at most this late (its end is written at
 * once, so `kubectl rollout status` returns as soon as the members are done): short enough that
 * `kubectl get` follows the progress, long enough that a rollout of a few seconds makes one write.
 * With 2 s, 100 Deployments × 3 members, whose pods took 2–8 s to start, still made 2.07 status
 * writes each (1.88 unpaced); the benchmark's spread of rollout times puts 5 s at about 1.3, and the
 * stretch while many objects hold progress back (StatusPacer) at about 1.0.
 */
export const defaultStatusIntervalMs = 5_000;

/** A deletion waiting for members to remove their copies looks again after this long (their dispatchers report sooner). */
const memberWorkRetryMs = 5_000;

/** A member that has not finished its part of an object's work within this long gets an Event of its own. */
const defaultSummaryWaitMs = 2_000;

/**
 * FederatedReconciler makes every selected, ready member hold one federated object (rendered by the
 * kind's adapter) and nothing more, then writes the aggregated status back. It decides (placement,
 * split, render) and hands each member its work through the member's dispatcher; it never waits on a
 * member's network. A reconcile that finds everything in place writes nothing.
 */
export class FederatedReconciler implements Reconciler {
  readonly #options: FederatedReconcilerOptions;
  readonly #actions: MemberActions;
  readonly #summaries: MemberSummaries;
  /** kubefed's own writes to federated objects, until the watch delivers them. */
  readonly #mutations = new MutationCache<KubeObject>();
  /** members that were away when an object was orphan-deleted: their copies are released when they return. */
  readonly #orphans = new OrphanLedger();
  /** the same, kept in the Clusters' status so that a restart or failover does not forget it. */
  readonly #pendingReleases: PendingReleases;
  readonly #statusPacer: StatusPacer;

  constructor(options: FederatedReconcilerOptions) {
    this.#options = options;
    this.#actions = new MemberActions(options);
    this.#summaries = new MemberSummaries({
      controller: options.adapter.controller,
      recorder: options.recorder,
      clock: options.clock,
      maxWaitMs: options.summaryWaitMs ?? defaultSummaryWaitMs,
      settled: options.settled,
    });
    this.#pendingReleases = new PendingReleases(options.client);
    this.#statusPacer = new StatusPacer(options.statusIntervalMs ?? defaultStatusIntervalMs);
  }

  async reconcile(key: string, context: ReconcileContext): Promise<ReconcileResult> {
    const { informer, adapter, registry } = this.#options;
    if (!informer.hasSynced() || !registry.hasSynced()) {
      return { requeueAfterMs: notSyncedRetryMs };
    }
    const { namespace, name } = splitKey(key);
    const log = context.logger.child({ kind: adapter.type.kind, namespace, name });
    const scoped = { ...context, logger: log };
    const object = this.#federated(key);
    const views = registry.views();
    if (!object || !adapter.federates(object)) {
      if (object) {
        await this.#releaseUnfederated(object);
      }
      return this.#sweep(key, views, scoped);
    }
    if (object.metadata.deletionTimestamp) {
      return this.#delete(object, views, scoped);
    }
    // A new object of that name decides its copies afresh.
    this.#orphans.forget(key);
    await this.#pendingReleases.settle(views.map((view) => view.cluster), this.#releaseKey(key));
    const finalized = await this.#ensureFinalizer(object);
    return this.#propagate(finalized, this.#views(views), scoped);
  }

  async #ensureFinalizer(object: KubeObject): Promise<KubeObject> {
    const finalizers = object.metadata.finalizers ?? [];
    if (finalizers.includes(propagationFinalizer)) {
      return object;
    }
    const { client, adapter } = this.#options;
    return this.#remember(await setFinalizers(client, adapter.type, object, [...finalizers, propagationFinalizer]));
  }

  /**
   * releaseUnfederated takes kubefed's finalizer off a deleted object kubefed does not federate (put there
   * by hand, or by an admission policy that disagreed): no member holds a copy of it to wait for.
   */
  async #releaseUnfederated(object: KubeObject): Promise<void> {
    const finalizers = object.metadata.finalizers ?? [];
    if (object.metadata.deletionTimestamp && finalizers.includes(propagationFinalizer)) {
      const { client, adapter } = this.#options;
      this.#remember(await setFinalizers(client, adapter.type, object, finalizers.filter((finalizer) => finalizer !== propagationFinalizer)));
    }
  }

  /** remember keeps a write's result (trimmed like the cache) until the watch delivers it, and returns it. */
  #remember(stored: KubeObject): KubeObject {
    const trimmed = (this.#options.adapter.trim ?? trimObject)(stored);
    this.#mutations.remember(objectKey(trimmed), trimmed);
    return trimmed;
  }

  /**
   * views are the members as propagation of this kind sees them: a member whose cache of this kind
   * cannot sync (no permission there, or the kind is not served) cannot hold it, so it counts as not
   * ready and failed for this kind alone, and every other member keeps receiving it. Deletion does
   * not use this: it waits for such a member, since what its copy needs (delete or release) can only
   * be decided from a synced cache.
   */
  #views(views: View[]): View[] {
    const { type } = this.#options.adapter;
    return views.map((view) => (view.ready && view.member?.informer(type).cannotSync() !== undefined ? { ...view, ready: false, failed: true } : view));
  }

  #federated(key: string): KubeObject | undefined {
    return this.#mutations.newest(key, this.#options.informer.get(key));
  }

  /** dispatch hands one member the work for key; what the member has to do is decided again when it runs. */
  #dispatch(member: MemberPort, key: string, work: { intent?: MemberIntent; release?: boolean; source?: KubeObject }, context: ReconcileContext): void {
    const { registry, adapter } = this.#options;
    // The work one object's reconciles hand out is reported together, per object (its uid: a new object of the name is another).
    const reporting = { batch: `${key}|${work.source?.metadata.uid ?? ''}`, source: work.source, key, logger: context.logger };
    this.#summaries.expect(reporting, member.name);
    const delivery = memberDelivery({
      member,
      type: adapter.type,
      key,
      ...work,
      actions: this.#actions,
      context,
      federated: () => this.#federated(key),
      finished: (outcome) => this.#summaries.finish(reporting, member.name, outcome),
    });
    registry.dispatch(member.name, `${adapter.controller}/${key}`, delivery);
  }

  async #propagate(object: KubeObject, views: View[], context: ReconcileContext): Promise<ReconcileResult> {
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
    let dispatched = false;
    for (const view of views) {
      if (!view.ready || !view.member) {
        continue;
      }
      const copy = view.member.current(adapter.type, key);
      const intent = rendered.intents.get(view.name);
      const action = decideAction(intent, copy);
      if (action.kind === 'wait') {
        pending = true;
      } else if (action.kind !== 'none') {
        dispatched = true;
        this.#dispatch(view.member, key, { intent, source: object }, context);
      }
    }
    const statusDue = await this.#writeBack(object, rendered, placement.clusters, context);
    if (!dispatched && !pending) {
      this.#recordInSync(key);
    }
    const wait = [pending ? notSyncedRetryMs : undefined, rendered.requeueAfterMs, statusDue].filter((value): value is number => value !== undefined);
    return wait.length > 0 ? { requeueAfterMs: Math.min(...wait) } : {};
  }

  /**
   * writeBack updates the federated object's annotations and status, each only when it changed, the
   * status paced (see StatusPacer); it returns when a held-back status is due.
   */
  async #writeBack(object: KubeObject, rendered: RenderResult, placed: View[], context: ReconcileContext): Promise<number | undefined> {
    try {
      return await this.#writeBackChanges(object, rendered, placed, context);
    } catch (error) {
      // Deleted by its user after the cache's view of it (a status held back by the pacer meets this often):
      // its deletion arrives by watch and is handled then, so this is no failure to retry.
      if (isNotFound(error)) {
        context.logger.debug('federated object gone before its write-back', { action: 'status' });
        return undefined;
      }
      throw error;
    }
  }

  async #writeBackChanges(object: KubeObject, rendered: RenderResult, placed: View[], context: ReconcileContext): Promise<number | undefined> {
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
      return undefined;
    }
    const key = objectKey(object);
    const copies: MemberCopy[] = placed
      .filter((view) => view.ready && view.member)
      .map((view) => ({ cluster: view.name, object: this.#copy(view.name, key), hash: rendered.intents.get(view.name)?.hash }));
    const wanted = this.#redactConditions(adapter.status(current, copies));
    const patch = wanted === undefined ? undefined : mergePatch(withoutEmpty(current.status) ?? {}, withoutEmpty(wanted) ?? {});
    if (adapter.statusSettled) {
      const settled = wanted !== undefined && adapter.statusSettled(current, wanted);
      const decision = this.#statusPacer.decide(key, patch !== undefined, settled, this.#options.clock.now());
      if (decision.kind === 'wait') {
        return decision.afterMs;
      }
    }
    if (patch !== undefined) {
      this.#remember(await patchStatus(client, adapter.type, current, patch));
      context.logger.debug('federated status updated', { action: 'status', patch });
      for (const line of adapter.progress?.(current, copies) ?? []) {
        context.logger.info('rollout progress', { cluster: line.cluster, action: 'rollout', ...line.fields });
      }
    }
    return undefined;
  }

  #redactConditions(status: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
    const conditions = status?.conditions as Condition[] | undefined;
    return Array.isArray(conditions) ? { ...status, conditions: this.#options.redactor.conditions(conditions) } : status;
  }

  async #delete(object: KubeObject, views: View[], context: ReconcileContext): Promise<ReconcileResult> {
    const finalizers = object.metadata.finalizers ?? [];
    if (!finalizers.includes(propagationFinalizer)) {
      return {};
    }
    const orphan = finalizers.includes(orphanFinalizer) || object.metadata.annotations?.[orphanAnnotation] === 'true';
    const key = objectKey(object);
    let pending = false;
    // Members that are not ready are not waited for; they are swept when they come back. The others
    // are handed the delete (or release) and the finalizer stays until their copies are gone.
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
        pending = true;
        this.#dispatch(view.member, key, { release: orphan, source: object }, context);
      }
    }
    if (pending) {
      return { requeueAfterMs: memberWorkRetryMs };
    }
    const away = awayClusters(views);
    if (orphan) {
      this.#orphans.record(key, away);
      // Persisted before the finalizer goes: after that, nothing else remembers that these copies are to be kept.
      const awayViews = views.filter((view) => away.includes(view.name));
      await this.#pendingReleases.record(awayViews.map((view) => view.cluster), this.#releaseKey(key), new Date(this.#options.clock.now()), context.logger);
    } else {
      this.#orphans.forget(key);
      await this.#pendingReleases.settle(views.map((view) => view.cluster), this.#releaseKey(key));
    }
    const kept = finalizers.filter((finalizer) => ![propagationFinalizer, orphanFinalizer, foregroundFinalizer].includes(finalizer));
    try {
      this.#remember(await setFinalizers(this.#options.client, this.#options.adapter.type, object, kept));
    } catch (error) {
      // Already gone (the cache still showed it): what taking the finalizer off was for has happened; its deletion comes by watch.
      if (!isNotFound(error)) {
        throw error;
      }
      context.logger.debug('federated object gone before its finalizer was taken off', { action: 'delete' });
    }
    context.logger.info(orphan ? 'federated object deleted, member copies kept' : 'federated object deleted from members', {
      action: orphan ? 'orphan' : 'delete',
    });
    this.#options.changedAt.delete(key);
    this.#statusPacer.forget(key);
    return {};
  }

  /**
   * sweep deletes managed copies whose federated object is gone (deleted while a member was unreachable),
   * or releases them where that deletion orphaned them.
   * It reads copies as kubefed knows them, so a copy it has just released (orphaned) or deleted, whose
   * watch event is still on its way, is not taken for a managed one.
   */
  async #sweep(key: string, views: View[], context: ReconcileContext): Promise<ReconcileResult> {
    this.#options.changedAt.delete(key);
    this.#statusPacer.forget(key);
    const entry = this.#releaseKey(key);
    const settled: View[] = [];
    for (const view of views) {
      const informer = view.ready ? view.member?.informer(this.#options.adapter.type) : undefined;
      // Deleting on the word of an unsynced cache could remove what is still wanted; wait for the sync.
      const copy = informer?.hasSynced() ? view.member?.current(this.#options.adapter.type, key) : undefined;
      if (view.member && copy && !copy.metadata.deletionTimestamp) {
        const release = this.#orphans.sweepAction(key, view.name) === 'release' || PendingReleases.holds(view.cluster, entry);
        this.#dispatch(view.member, key, { release }, context);
      } else if (informer?.hasSynced() && !copy) {
        // The copy is released or gone: nothing is left to decide for this member.
        this.#orphans.settle(key, view.name);
        settled.push(view);
      }
    }
    await this.#pendingReleases.settle(settled.map((view) => view.cluster), entry);
    return {};
  }

  #releaseKey(key: string): string {
    return pendingReleaseKey(this.#options.adapter.type, key);
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
