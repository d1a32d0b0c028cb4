// Watch-based observation of one kind in one namespace of one cluster: when each object first appeared, when it
// first carried each revision, when it went away. Every waiter is woken by watch events, never by polling lists.
import { Informer } from '../informers/informer.js';
import type { KubeClient } from '../kube/client.js';
import type { KubeObject } from '../core/objects.js';
import type { ResourceType } from '../kube/resources.js';
import { silentLogger } from '../runtime/observability/logger.js';

interface Waiter {
  check: () => boolean;
  resolve: () => void;
}

export interface TrackerOptions {
  client: KubeClient;
  cluster: string;
  type: ResourceType;
  namespace: string;
  labelSelector?: string;
  /** revisionOf reads the revision an object carries (see workload.ts). */
  revisionOf?: (object: KubeObject) => number | undefined;
  /** condition marks objects that reached some state (e.g. rolled out); the first time each one does is kept. */
  condition?: (object: KubeObject) => boolean;
}

export class Tracker {
  readonly cluster: string;
  /** name → when it was first seen. */
  readonly firstSeen = new Map<string, number>();
  /** name → revision → when it was first seen carrying it. */
  readonly revisions = new Map<string, Map<number, number>>();
  /** name → when it was seen deleted. */
  readonly deleted = new Map<string, number>();
  /** name → when it first met the condition. */
  readonly conditionMet = new Map<string, number>();
  readonly #informer: Informer<KubeObject>;
  readonly #options: TrackerOptions;
  readonly #waiters = new Set<Waiter>();

  constructor(options: TrackerOptions) {
    this.#options = options;
    this.cluster = options.cluster;
    this.#informer = new Informer<KubeObject>({
      client: options.client,
      type: options.type,
      namespace: options.namespace,
      labelSelector: options.labelSelector,
      logger: silentLogger(),
      // Only what the predicates read is kept.
      transform: (object) => {
        delete object.metadata.managedFields;
        return object;
      },
    });
    const seen = (object: KubeObject): void => this.#seen(object);
    this.#informer.addHandlers({
      add: seen,
      update: (_previous, current) => seen(current),
      delete: (object) => {
        const name = object.metadata.name ?? '';
        if (!this.deleted.has(name)) {
          this.deleted.set(name, performance.now());
        }
        this.#wake();
      },
    });
  }

  /** start lists and watches; it resolves once the first list is in. */
  async start(): Promise<void> {
    this.#informer.start();
    await this.#informer.waitForSync();
  }

  async stop(): Promise<void> {
    await this.#informer.stop();
    for (const waiter of this.#waiters) {
      waiter.resolve();
    }
    this.#waiters.clear();
  }

  get size(): number {
    return this.#informer.size;
  }

  get(name: string): KubeObject | undefined {
    return this.#informer.get(`${this.#options.namespace}/${name}`);
  }

  /** until resolves when check() holds, re-checking after every watch event; it rejects after timeoutMs. */
  until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (check()) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} in ${this.cluster}`));
      }, timeoutMs);
      const waiter: Waiter = {
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.#waiters.add(waiter);
    });
  }

  #seen(object: KubeObject): void {
    const now = performance.now();
    const name = object.metadata.name ?? '';
    if (!this.firstSeen.has(name)) {
      this.firstSeen.set(name, now);
    }
    const revision = this.#options.revisionOf?.(object);
    if (revision !== undefined) {
      let byRevision = this.revisions.get(name);
      if (!byRevision) {
        byRevision = new Map();
        this.revisions.set(name, byRevision);
      }
      if (!byRevision.has(revision)) {
        byRevision.set(revision, now);
      }
    }
    if (this.#options.condition && !this.conditionMet.has(name) && this.#options.condition(object)) {
      this.conditionMet.set(name, now);
    }
    this.#wake();
  }

  #wake(): void {
    for (const waiter of this.#waiters) {
      if (waiter.check()) {
        this.#waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }
}

/** untilAll waits for a check on every tracker at once. */
export async function untilAll(trackers: readonly Tracker[], check: (tracker: Tracker) => boolean, timeoutMs: number, what: string): Promise<void> {
  await Promise.all(trackers.map((tracker) => tracker.until(() => check(tracker), timeoutMs, what)));
}
