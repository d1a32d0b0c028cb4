import type { Runnable } from '../runtime/runnable.js';
import { Informer } from '../informers/informer.js';
import { trimObject } from '../informers/trim.js';
import type { KubeClient } from '../kube/client.js';
import { enabledTypesName, federatedTypes, readEnabledTypes, typeName } from '../kube/enabled-types.js';
import { errorMessage } from '../kube/errors.js';
import type { ResourceType } from '../kube/resources.js';
import type { KubeObject } from '../core/objects.js';
import { propagationFinalizer } from '../core/well-known.js';
import type { MemberRegistry } from '../members/registry.js';
import type { Logger } from '../runtime/observability/logger.js';
import type { KindAdapter } from './adapter.js';
import type { FederatedController } from './federated-controller.js';
import { setFinalizers } from './federated-writes.js';
import { enabledTypeChanges } from './enabled-type-changes.js';

export interface EnabledTypesOptions {
  client: KubeClient;
  registry: MemberRegistry;
  logger: Logger;
  /** create builds a controller for an adapter, as the built-in kinds' are built. */
  create: (adapter: KindAdapter<unknown>) => FederatedController;
  /** adapterOf is the adapter of an enabled type (the generic one), passed in because kinds sit above this folder. */
  adapterOf: (type: ResourceType) => KindAdapter<unknown>;
}

interface Running {
  type: ResourceType;
  controller: FederatedController;
}

/**
 * EnabledTypes runs a generic controller for each type the federation's enabled object lists,
 * starting and stopping them as the object changes, without a restart. A disabled type's controller
 * stops, its member caches with it, and its federated objects lose kubefed's finalizer (their copies
 * stay in the members, unmanaged from then on). Changes are applied one at a time, in order.
 */
export class EnabledTypes implements Runnable {
  readonly name = 'enabled-types';
  readonly informer: Informer<KubeObject>;
  readonly #options: EnabledTypesOptions;
  readonly #running = new Map<string, Running>();
  #changes = Promise.resolve();
  #stopped = false;

  constructor(options: EnabledTypesOptions) {
    this.#options = options;
    this.informer = new Informer<KubeObject>({ client: options.client, type: federatedTypes, logger: options.logger, transform: trimObject });
    const changed = () => this.#schedule();
    this.informer.addHandlers({ add: changed, update: changed, delete: changed });
  }

  /** names lists the enabled types whose controllers run. */
  get names(): string[] {
    return [...this.#running.keys()].sort();
  }

  /** controllerOf finds the running controller of a type, for the manager's cache lookups. */
  controllerOf(type: ResourceType): FederatedController | undefined {
    return [...this.#running.values()].find((running) => running.type.kind === type.kind && running.type.group === type.group)?.controller;
  }

  start(): void {
    this.informer.start();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#changes;
    await Promise.all([...this.#running.values()].map((running) => running.controller.stop()));
    this.#running.clear();
    await this.informer.stop();
  }

  #schedule(): void {
    this.#changes = this.#changes
      .then(() => this.#reconcile())
      .catch((error: unknown) => {
        this.#options.logger.error('enabled types not applied', { error: errorMessage(error) });
      });
  }

  async #reconcile(): Promise<void> {
    if (this.#stopped) {
      return;
    }
    const { types, problems } = readEnabledTypes(this.informer.get(enabledTypesName));
    for (const problem of problems) {
      this.#options.logger.warn('enabled types: entry left out', { object: enabledTypesName, problem });
    }
    const changes = enabledTypeChanges([...this.#running.values()].map((running) => running.type), types);
    for (const { type, disabled } of changes.stop) {
      const name = typeName(type);
      await this.#stopType(name, this.#running.get(name)!, disabled);
    }
    for (const type of changes.start) {
      this.#startType(typeName(type), type);
    }
  }

  #startType(name: string, type: ResourceType): void {
    const controller = this.#options.create(this.#options.adapterOf(type));
    this.#running.set(name, { type, controller });
    controller.startCache();
    // Workers start once the cache is synced; a cache that cannot sync (no role yet, the CRD gone) only waits.
    void controller.informer.waitForSync().then(() => {
      if (this.#running.get(name)?.controller === controller) {
        controller.start();
        controller.enqueueAll();
      }
    });
    this.#options.logger.info('controller started for an enabled type', { type: name, kind: type.kind, version: type.version });
  }

  async #stopType(name: string, running: Running, disabled: boolean): Promise<void> {
    this.#running.delete(name);
    await running.controller.stop();
    await this.#options.registry.forgetType(running.type);
    if (disabled) {
      await this.#release(running);
    }
    this.#options.logger.info('controller stopped for a type no longer enabled as it was', { type: name, disabled });
  }

  /** release removes kubefed's finalizer from the type's federated objects: nothing would remove it now. */
  async #release(running: Running): Promise<void> {
    for (const object of running.controller.informer.list()) {
      const finalizers = object.metadata.finalizers ?? [];
      if (!finalizers.includes(propagationFinalizer)) {
        continue;
      }
      await setFinalizers(
        this.#options.client,
        running.type,
        object,
        finalizers.filter((finalizer) => finalizer !== propagationFinalizer),
      ).catch((error: unknown) => this.#options.logger.warn('finalizer not removed from an object of a disabled type', { type: typeName(running.type), object: object.metadata.name, error: errorMessage(error) }));
    }
  }
}
