import type { EventRecorder } from '../runtime/events/recorder.js';
import { Informer, type InformerHandlers } from '../informers/informer.js';
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
import type { KindAdapter } from './adapter.js';
import { Controller } from './controller.js';
import { Resync } from './resync.js';
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
export class FederatedController {
  readonly informer: Informer<KubeObject>;
  readonly controller: Controller;
  readonly #options: FederatedControllerOptions;
  readonly #changedAt = new Map<string, number>();
  readonly #resync: Resync;
  readonly #unsubscribe: (() => void)[];

  constructor(options: FederatedControllerOptions) {
    this.#options = options;
    const { adapter, client, logger, clock } = options;
    this.informer = new Informer<KubeObject>({ client, type: adapter.type, logger, transform: (object) => (adapter.trim ?? trimObject)(object) });
    this.controller = new Controller({
      name: adapter.controller,
      workers: options.workers,
      logger,
      metrics: options.metrics,
      clock,
      reconciler: new FederatedReconciler({
        ...options,
        informer: this.informer,
        changedAt: this.#changedAt,
        settled: (key) => this.controller.enqueue(key),
      }),
    });
    this.#resync = new Resync(clock, options.resyncMs, () => this.enqueueAll());
    const enqueue = this.controller.enqueue;
    const sensitive = adapter.sensitiveValues;
    if (sensitive) {
      // Registered first, so the values are known before any reconcile of the object can fail and report.
      const owner = (object: KubeObject) => `${adapter.controller}/${objectKey(object)}`;
      const learn = (object: KubeObject) => options.redactor.set(owner(object), sensitive(object));
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
    const changes = options.registry.onChange(() => this.enqueueAll());
    const members = options.registry.onMember((member) => {
      const memberCache = member.informer(adapter.type);
      memberCache.addHandlers({
        add: (object) => enqueue(objectKey(object)),
        update: (_previous, current) => enqueue(objectKey(current)),
        delete: (object) => enqueue(objectKey(object)),
      });
      // Objects the member should hold but lacks produce no member event; list them all once the cache is synced.
      void memberCache.waitForSync().then(() => this.enqueueAll());
      for (const related of (adapter.related ?? []).filter((entry) => !entry.federated)) {
        member.informer(related.type).addHandlers(relatedHandlers(related, enqueue));
      }
    });
    this.#unsubscribe = [changes, members];
  }

  get name(): string {
    return this.#options.adapter.controller;
  }

  /** enqueueAll queues every federated object and every managed copy, so copies whose source is gone get swept too. */
  enqueueAll(): void {
    for (const key of this.informer.keys()) {
      this.controller.enqueue(key);
    }
    for (const view of this.#options.registry.views()) {
      for (const key of view.member?.informer(this.#options.adapter.type).keys() ?? []) {
        this.controller.enqueue(key);
      }
    }
  }

  /** startCache starts the federated cache; every controller exists by now, so related federated caches are found too. */
  startCache(): void {
    for (const related of (this.#options.adapter.related ?? []).filter((entry) => entry.federated)) {
      this.#options.federatedCache?.(related.type)?.addHandlers(relatedHandlers(related, this.controller.enqueue));
    }
    this.informer.start();
  }

  start(): void {
    this.controller.start();
    this.#resync.start();
  }

  /** stop ends the controller and its cache, and stops listening to the registry (a disabled type's controller goes away). */
  async stop(): Promise<void> {
    this.#unsubscribe.forEach((unsubscribe) => unsubscribe());
    this.#resync.stop();
    await this.controller.stop();
    await this.informer.stop();
  }
}

/** relatedHandlers enqueue the keys a related object names, whenever it changes. */
function relatedHandlers(related: { keys(object: KubeObject): string[] }, enqueue: (key: string) => void): InformerHandlers<KubeObject> {
  const keys = (object: KubeObject) => related.keys(object).forEach(enqueue);
  return { add: keys, update: (_previous, current) => keys(current), delete: keys };
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
