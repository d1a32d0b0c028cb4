import type { EventRecorder } from '../runtime/events/recorder.js';
import { Informer } from '../informers/informer.js';
import { trimObject } from '../informers/trim.js';
import type { KubeClient } from '../kube/client.js';
import type { ResourceType } from '../kube/resources.js';
import { type KubeObject, objectKey } from '../core/objects.js';
import type { MemberRegistry } from '../members/registry.js';
import type { Logger } from '../runtime/observability/logger.js';
import type { Metrics } from '../runtime/observability/metrics.js';
import type { Redactor } from '../runtime/observability/redactor.js';
import type { FederationIdentity } from '../core/propagation/identity.js';
import type { Clock } from '../runtime/clock.js';
import type { Runnable } from '../runtime/runnable.js';
import type { KindAdapter } from './adapter.js';
import { type CachedController, Controller } from './controller.js';
import { enqueueHandlers } from './enqueue-handlers.js';
import { FederatedReconciler } from './federated-reconciler.js';

export interface FederatedControllerOptions {
  adapter: KindAdapter<unknown>;
  federation: FederationIdentity;
  client: KubeClient;
  registry: MemberRegistry;
  recorder: EventRecorder;
  logger: Logger;
  metrics: Metrics;
  /** redactor learns the sensitive values of this kind's objects (Secret data) as the cache sees them. */
  redactor: Redactor;
  clock: Clock;
  workers: number;
  /** resyncMs re-queues every object periodically, a safety net for anything a watch missed. */
  resyncMs: number;
  /** federatedCache finds the cache of another federated kind (see FederatedReconcilerOptions). */
  federatedCache?: (type: ResourceType) => Informer<KubeObject> | undefined;
}

/**
 * FederatedController wires one federated kind: a cache of the federated objects, the reconciler,
 * and the triggers. Event handlers only enqueue keys: federated changes, changes of managed copies in
 * any member (so drift is repaired), member caches becoming synced, and any member change that can
 * alter placement.
 */
export class FederatedController implements CachedController {
  readonly informer: Informer<KubeObject>;
  readonly controller: Controller;
  readonly caches: Runnable[];
  readonly #options: FederatedControllerOptions;
  readonly #changedAt = new Map<string, number>();
  readonly #unsubscribe: (() => void)[];

  constructor(options: FederatedControllerOptions) {
    this.#options = options;
    const { adapter, client, logger, clock } = options;
    this.informer = new Informer<KubeObject>({ client, type: adapter.type, logger, clock, transform: (object) => (adapter.trim ?? trimObject)(object) });
    this.controller = new Controller({
      name: adapter.controller,
      workers: options.workers,
      logger,
      metrics: options.metrics,
      clock,
      resyncMs: options.resyncMs,
      keys: () => this.#keys(),
      reconciler: new FederatedReconciler({
        ...options,
        informer: this.informer,
        changedAt: this.#changedAt,
        settled: (key) => this.controller.enqueue(key),
      }),
    });
    // Every controller exists by the time caches start, so the caches of related federated kinds are found then.
    this.caches = [{ name: this.informer.name, start: () => this.#startCache(), stop: () => this.informer.stop() }];
    const enqueue = this.controller.enqueue;
    if (adapter.sensitiveValues) {
      // Registered first, so the values are known before any reconcile of the object can fail and report.
      const owner = (object: KubeObject) => `${adapter.controller}/${objectKey(object)}`;
      const learn = (object: KubeObject) => options.redactor.set(owner(object), adapter.sensitiveValues?.(object) ?? []);
      this.informer.addHandlers({ add: learn, update: (_previous, current) => learn(current), delete: (object) => options.redactor.delete(owner(object)) });
    }
    const changed = (object: KubeObject) => {
      const key = objectKey(object);
      if (!this.#changedAt.has(key)) {
        this.#changedAt.set(key, clock.now());
      }
      enqueue(key);
    };
    this.informer.addHandlers({
      add: changed,
      update: (previous, current) => (meaningfulChange(previous, current) ? changed(current) : enqueue(objectKey(current))),
      delete: (object) => enqueue(objectKey(object)),
    });
    const changes = options.registry.onChange(() => this.controller.enqueueAll());
    const members = options.registry.onMember((member) => {
      const memberCache = member.informer(adapter.type);
      // The watch event of kubefed's own write (answered or still in flight) is not queued: the reconcile asked for once the object's members are through (MemberSummaries) sees it.
      const unlessOwn = (object: KubeObject) => (member.ownWrite(adapter.type, object) ? undefined : enqueue(objectKey(object)));
      memberCache.addHandlers({ add: unlessOwn, update: (_previous, current) => unlessOwn(current), delete: (object) => enqueue(objectKey(object)) });
      // Objects the member should hold but lacks produce no member event; list them all once the cache is synced.
      void memberCache.waitForSync().then(() => this.controller.enqueueAll());
      for (const related of (adapter.related ?? []).filter((entry) => !entry.federated)) {
        member.informer(related.type).addHandlers(enqueueHandlers((object) => related.keys(object), enqueue));
      }
    });
    this.#unsubscribe = [changes, members];
  }

  get name(): string {
    return this.#options.adapter.controller;
  }

  waitForSync(): Promise<void> {
    return this.informer.waitForSync();
  }

  /** keys are every federated object and every managed copy, so copies whose source is gone get swept too. */
  *#keys(): Iterable<string> {
    yield* this.informer.keys();
    for (const view of this.#options.registry.views()) {
      yield* view.member?.informer(this.#options.adapter.type).keys() ?? [];
    }
  }

  #startCache(): void {
    for (const related of (this.#options.adapter.related ?? []).filter((entry) => entry.federated)) {
      this.#options.federatedCache?.(related.type)?.addHandlers(enqueueHandlers((object) => related.keys(object), this.controller.enqueue));
    }
    this.informer.start();
  }

  /** startCache starts the federated cache alone: an enabled type's controller starts while kubefed runs. */
  startCache(): void {
    this.#startCache();
  }

  start(): void {
    this.controller.start();
  }

  enqueueAll(): void {
    this.controller.enqueueAll();
  }

  /** stop ends the controller and its cache, and stops listening to the registry (a disabled type's controller goes away). */
  async stop(): Promise<void> {
    this.#unsubscribe.forEach((unsubscribe) => unsubscribe());
    await this.controller.stop();
    await this.informer.stop();
  }
}

/** meaningfulChange ignores status-only updates, which are kubefed's own write-backs, for the latency metric. */
function meaningfulChange(previous: KubeObject, current: KubeObject): boolean {
  const before = previous.metadata;
  const after = current.metadata;
  return (
    before.generation !== after.generation ||
    JSON.stringify(before.labels) !== JSON.stringify(after.labels) ||
    JSON.stringify(before.annotations) !== JSON.stringify(after.annotations) ||
    before.deletionTimestamp !== after.deletionTimestamp ||
    (after.generation === undefined && JSON.stringify(previous) !== JSON.stringify(current))
  );
}
