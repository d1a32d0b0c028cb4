import { LRUCache } from 'lru-cache';
import PQueue from 'p-queue';
import { ApiError, isNotFound } from '../kube/errors.js';
import type { KubeClient } from '../kube/client.js';
import { type KubeObject, objectKey } from '../kube/objects.js';
import { objectPath, type ResourceType } from '../kube/resources.js';
import { Informer } from '../informers/informer.js';
import { trimObject } from '../informers/trim.js';
import type { Logger } from '../observability/logger.js';
import { appliedHashAnnotation, fieldManager, managedByLabel } from '../propagation/vocabulary.js';

/** ClashError: a member already holds an object of that name that this federation did not create. */
export class ClashError extends Error {}

export interface MemberOptions {
  name: string;
  federation: string;
  client: KubeClient;
  logger: Logger;
  /** concurrency bounds this member's in-flight writes, so one slow member cannot starve the others. */
  concurrency: number;
}

/**
 * Member is one joined cluster as the controllers see it: its client, its write queue, and caches
 * of the objects this federation manages there (watched by label, so unrelated objects cost nothing).
 */
export class Member {
  readonly name: string;
  readonly client: KubeClient;
  readonly #federation: string;
  readonly #logger: Logger;
  readonly #writes: PQueue;
  readonly #informers = new Map<string, Informer<KubeObject>>();
  /**
   * What kubefed itself last wrote, until the watch catches up: a reconcile that runs between a write
   * and its watch event must see the write, or it would act on the old state (create twice, or split
   * an HPA as if the member had none).
   */
  readonly #written = new LRUCache<string, { object?: KubeObject; deletedUid?: string }>({ max: 20_000, ttl: 60_000 });

  constructor(options: MemberOptions) {
    this.name = options.name;
    this.client = options.client;
    this.#federation = options.federation;
    this.#logger = options.logger;
    this.#writes = new PQueue({ concurrency: options.concurrency });
  }

  /**
   * informer returns the cache of managed objects of one type, starting it on first use. Objects
   * kubefed does not manage (EndpointSlices, say) can be watched with an explicit selector (null for
   * all) and a transform that keeps only what is needed.
   */
  informer(type: ResourceType, options: { labelSelector?: string | null; transform?: (object: KubeObject) => KubeObject } = {}): Informer<KubeObject> {
    const labelSelector = options.labelSelector === undefined ? `${managedByLabel}=${this.#federation}` : (options.labelSelector ?? undefined);
    const key = `${type.group}/${type.plural}?${labelSelector ?? ''}`;
    let informer = this.#informers.get(key);
    if (!informer) {
      informer = new Informer<KubeObject>({
        client: this.client,
        type,
        logger: this.#logger.child({ cluster: this.name }),
        labelSelector,
        transform: options.transform ?? trimObject,
      });
      this.#informers.set(key, informer);
      // Once the cache has caught up with (or moved past) kubefed's own write, the cache is the truth again.
      const forget = (object: KubeObject) => this.#written.delete(`${type.plural}/${objectKey(object)}`);
      const settle = (object: KubeObject) => {
        const written = this.#written.peek(`${type.plural}/${objectKey(object)}`);
        if (written && !(written.object && newer(written.object, object))) {
          forget(object);
        }
      };
      informer.addHandlers({ add: settle, update: (_previous, current) => settle(current), delete: forget });
      informer.start();
    }
    return informer;
  }

  /** current is the member's copy as kubefed knows it: the cache, or kubefed's own newer write. */
  current(type: ResourceType, key: string): KubeObject | undefined {
    const cached = this.informer(type).get(key);
    const written = this.#written.get(`${type.plural}/${key}`);
    if (!written) {
      return cached;
    }
    if (written.deletedUid !== undefined) {
      return cached?.metadata.uid === written.deletedUid ? undefined : cached;
    }
    return written.object && newer(written.object, cached) ? written.object : cached;
  }

  /** managedCounts is how many objects of each kind this federation manages in the member, from the caches. */
  managedCounts(): { kind: string; count: number }[] {
    const selector = `${managedByLabel}=${this.#federation}`;
    return [...this.#informers.entries()]
      .filter(([key]) => key.endsWith(`?${selector}`))
      .map(([, informer]) => ({ kind: informer.kind, count: informer.size }));
  }

  /** pendingWrites is how many writes wait for a slot, for metrics and back-pressure. */
  get pendingWrites(): number {
    return this.#writes.size + this.#writes.pending;
  }

  /** apply server-side applies object under kubefed's field manager and returns the stored object. */
  apply(type: ResourceType, object: KubeObject): Promise<KubeObject> {
    return this.#writes.add(() => this.#apply(type, object));
  }

  /**
   * create applies object only if the name is free or already ours. A same-name object without our
   * label is someone else's: it is left alone (ClashError) unless adopt is set.
   */
  create(type: ResourceType, object: KubeObject, adopt: boolean): Promise<KubeObject> {
    return this.#writes.add(async () => {
      const { namespace, name } = object.metadata;
      try {
        const existing = await this.client.request<KubeObject>({ path: objectPath(type, namespace, name ?? '') });
        const owner = existing.metadata.labels?.[managedByLabel];
        if (owner !== this.#federation && !adopt) {
          throw new ClashError(
            owner
              ? `${type.kind} ${name} in cluster ${this.name} is managed by federation ${owner}`
              : `${type.kind} ${name} already exists in cluster ${this.name} and was not created by kubefed; ` +
                `set annotation federation.kubefed.dev/adopt: "true" to adopt it`,
          );
        }
      } catch (error) {
        if (!isNotFound(error)) {
          throw error;
        }
      }
      return this.#apply(type, object);
    });
  }

  /** delete removes a managed object with background propagation; uid guards against deleting a newer object of that name. */
  delete(type: ResourceType, object: KubeObject): Promise<void> {
    return this.#writes.add(async () => {
      const { namespace, name, uid } = object.metadata;
      try {
        await this.client.request({
          method: 'DELETE',
          path: objectPath(type, namespace, name ?? ''),
          body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background', preconditions: { uid } },
        });
        this.#written.set(`${type.plural}/${objectKey(object)}`, { deletedUid: uid });
      } catch (error) {
        if (!isNotFound(error)) {
          throw error;
        }
      }
    });
  }

  /** release leaves an object in the member but no longer managed: kubefed's label and annotations go. */
  release(type: ResourceType, object: KubeObject): Promise<void> {
    return this.#writes.add(async () => {
      const { namespace, name } = object.metadata;
      try {
        await this.client.request({
          method: 'PATCH',
          path: objectPath(type, namespace, name ?? ''),
          contentType: 'application/merge-patch+json',
          body: {
            metadata: {
              labels: { [managedByLabel]: null },
              annotations: { [appliedHashAnnotation]: null },
            },
          },
        });
      } catch (error) {
        if (!isNotFound(error)) {
          throw error;
        }
      }
    });
  }

  /** close stops the caches and drops pending writes. */
  async close(): Promise<void> {
    this.#writes.clear();
    await Promise.all([...this.#informers.values()].map((informer) => informer.stop()));
    await this.client.close();
  }

  async #apply(type: ResourceType, object: KubeObject): Promise<KubeObject> {
    const { namespace, name } = object.metadata;
    try {
      const stored = await this.client.request<KubeObject>({
        method: 'PATCH',
        path: objectPath(type, namespace, name ?? ''),
        query: { fieldManager, force: true },
        contentType: 'application/apply-patch+yaml',
        body: object,
      });
      this.#written.set(`${type.plural}/${objectKey(stored)}`, { object: trimObject(stored) });
      return stored;
    } catch (error) {
      if (error instanceof ApiError) {
        this.#logger.debug('member rejected apply', { cluster: this.name, kind: type.kind, name, error: error.message });
      }
      throw error;
    }
  }
}

/** newer compares resourceVersions numerically where both are numbers (etcd revisions), as a tie-breaker only. */
function newer(candidate: KubeObject, cached: KubeObject | undefined): boolean {
  if (!cached) {
    return true;
  }
  const a = Number(candidate.metadata.resourceVersion);
  const b = Number(cached.metadata.resourceVersion);
  return Number.isFinite(a) && Number.isFinite(b) ? a > b : false;
}
