import PQueue from 'p-queue';
import { ApiError, isAlreadyExists, isNotFound } from '../kube/errors.js';
import type { KubeClient } from '../kube/client.js';
import { type KubeObject, objectKey } from '../core/objects.js';
import { collectionPath, objectPath, type ResourceType } from '../kube/resources.js';
import { Informer } from '../informers/informer.js';
import { trimObject } from '../informers/trim.js';
import { digestContent } from '../core/propagation/content-digest.js';
import type { Logger } from '../runtime/observability/logger.js';
import { type FederationIdentity, identitySelector, isOwnCopy, ownershipProblem } from '../core/propagation/identity.js';
import { appliedHashAnnotation, federationIdLabel, fieldManager, managedByLabel } from '../core/well-known.js';
import { TerminalError } from './dispatcher.js';
import { OwnWrites } from './own-writes.js';
import type { MemberPort } from './ports.js';

/** ClashError: a member already holds an object of that name that this federation did not create; retrying cannot cure it. */
export class ClashError extends TerminalError {}

export interface MemberOptions {
  name: string;
  federation: FederationIdentity;
  client: KubeClient;
  /** prober has a connection pool and no rate limit of its own, so writes waiting on the member cannot delay its health probe. */
  prober: KubeClient;
  logger: Logger;
  /** concurrency bounds this member's in-flight writes, so one slow member cannot starve the others. */
  concurrency: number;
}

/**
 * Member is one joined cluster as the controllers see it: its client, its write queue, and caches
 * of the objects this federation manages there (watched by its name and id labels, so unrelated objects,
 * and the copies of another federation of the same name, cost nothing and are never touched).
 */
export class Member implements MemberPort {
  readonly name: string;
  readonly client: KubeClient;
  readonly prober: KubeClient;
  readonly #federation: FederationIdentity;
  readonly #logger: Logger;
  readonly #writes: PQueue;
  readonly #informers = new Map<string, Informer<KubeObject>>();
  /** The managed-objects cache of each type, found without building its key: reconciles ask for it several times per member. */
  readonly #managed = new Map<ResourceType, Informer<KubeObject>>();
  /** What kubefed itself last wrote, until the watch catches up (see OwnWrites). */
  readonly #written = new OwnWrites();

  constructor(options: MemberOptions) {
    this.name = options.name;
    this.client = options.client;
    this.prober = options.prober;
    this.#federation = options.federation;
    this.#logger = options.logger;
    this.#writes = new PQueue({ concurrency: options.concurrency });
  }

  /**
   * informer returns the cache of managed objects of one type, starting it on first use. Objects
   * kubefed does not manage (EndpointSlices, say) can be watched with an explicit selector (null for
   * all) and a transform that keeps only what is needed.
   */
  informer(type: ResourceType, options?: { labelSelector?: string | null; transform?: (object: KubeObject) => KubeObject }): Informer<KubeObject> {
    if (options === undefined) {
      const managed = this.#managed.get(type);
      if (managed) {
        return managed;
      }
      const created = this.#informer(type, {});
      this.#managed.set(type, created);
      return created;
    }
    return this.#informer(type, options);
  }

  #informer(type: ResourceType, options: { labelSelector?: string | null; transform?: (object: KubeObject) => KubeObject }): Informer<KubeObject> {
    const labelSelector = options.labelSelector === undefined ? identitySelector(this.#federation) : (options.labelSelector ?? undefined);
    const key = `${type.group}/${type.plural}?${labelSelector ?? ''}`;
    let informer = this.#informers.get(key);
    if (!informer) {
      informer = new Informer<KubeObject>({
        client: this.client,
        type,
        logger: this.#logger.child({ cluster: this.name }),
        labelSelector,
        transform: options.transform ?? ((object) => this.#written.version(writeKey(type, objectKey(object)), object) ?? trimMemberObject(type, object)),
      });
      this.#informers.set(key, informer);
      const observed = (object: KubeObject) => this.#written.observed(writeKey(type, objectKey(object)), object);
      const removed = (object: KubeObject) => this.#written.removed(writeKey(type, objectKey(object)));
      informer.addHandlers({ add: observed, update: (_previous, current) => observed(current), delete: removed });
      informer.start();
    }
    return informer;
  }

  /** ownWrite tells whether a cached copy is the version kubefed itself wrote (its watch event brings nothing new). */
  ownWrite(type: ResourceType, object: KubeObject): boolean {
    return this.#written.isOwn(writeKey(type, objectKey(object)), object);
  }

  /** current is the member's copy as kubefed knows it: the cache, or kubefed's own newer write. */
  current(type: ResourceType, key: string): KubeObject | undefined {
    return this.#written.current(writeKey(type, key), this.informer(type).get(key));
  }

  /** managedCounts is how many objects of each kind this federation manages in the member, from the caches. */
  managedCounts(): { kind: string; count: number }[] {
    const selector = identitySelector(this.#federation);
    return [...this.#informers.entries()]
      .filter(([key]) => key.endsWith(`?${selector}`))
      .map(([, informer]) => ({ kind: informer.kind, count: informer.size }));
  }

  /** unsyncedKinds lists the managed kinds whose cache cannot sync in this member (no permission, not served), with why. */
  unsyncedKinds(): { kind: string; problem: string }[] {
    const selector = identitySelector(this.#federation);
    return [...this.#informers.entries()]
      .filter(([key]) => key.endsWith(`?${selector}`))
      .flatMap(([, informer]) => {
        const problem = informer.cannotSync();
        return problem === undefined ? [] : [{ kind: informer.kind, problem }];
      })
      .sort((a, b) => (a.kind < b.kind ? -1 : 1));
  }

  /** pendingWrites is how many writes wait for a slot, for metrics and back-pressure. */
  get pendingWrites(): number {
    return this.#writes.size + this.#writes.pending;
  }

  /**
   * apply server-side applies object under kubefed's field manager and returns the stored object.
   * current is the member's copy as cached: a copy kubefed created with a plain create is first
   * switched to apply ownership (see takeOwnership), so that fields dropped later are removed.
   */
  apply(type: ResourceType, object: KubeObject, current?: KubeObject, signal?: AbortSignal): Promise<KubeObject> {
    return this.#writes.add(async () => {
      if (current && createdByUpdate(current) !== undefined) {
        await this.#takeOwnership(type, current, signal);
      }
      return this.#apply(type, object, signal);
    }, { signal });
  }

  /**
   * create makes a new copy with one plain create (the cheapest write a member accepts). If the name
   * is taken, the existing object is kubefed's only when it carries this federation's name and id;
   * anything else is left alone (ClashError). adopt takes over only objects no federation manages.
   */
  create(type: ResourceType, object: KubeObject, adopt: boolean, signal?: AbortSignal): Promise<KubeObject> {
    return this.#writes.add(async () => {
      const { namespace, name } = object.metadata;
      const answered = this.#written.sending(writeKey(type, objectKey(object)), object);
      try {
        const stored = await this.client.request<KubeObject>({
          method: 'POST',
          path: collectionPath(type, namespace),
          query: { fieldManager },
          body: object,
          signal,
        });
        this.#remember(type, stored, object);
        return stored;
      } catch (error) {
        if (!isAlreadyExists(error)) {
          throw error;
        }
      } finally {
        answered();
      }
      const existing = await this.client.request<KubeObject>({ path: objectPath(type, namespace, name ?? ''), signal });
      const problem = ownershipProblem(existing, this.#federation, `${type.kind} ${name} in cluster ${this.name}`, adopt);
      if (problem !== undefined) {
        throw new ClashError(problem);
      }
      if (createdByUpdate(existing) !== undefined) {
        await this.#takeOwnership(type, existing, signal);
      }
      return this.#apply(type, object, signal);
    }, { signal });
  }

  /** delete removes a managed object with background propagation; uid guards against deleting a newer object of that name. */
  delete(type: ResourceType, object: KubeObject, signal?: AbortSignal): Promise<void> {
    const { namespace, name, uid } = object.metadata;
    return this.#leave(type, object, signal, () =>
      this.client.request<KubeObject>({
        method: 'DELETE',
        path: objectPath(type, namespace, name ?? ''),
        body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background', preconditions: { uid } },
        signal,
      }),
    );
  }

  /** release leaves an object in the member but no longer managed: kubefed's label and annotations go. */
  release(type: ResourceType, object: KubeObject, signal?: AbortSignal): Promise<void> {
    const { namespace, name, uid } = object.metadata;
    return this.#leave(type, object, signal, () =>
      this.client.request<KubeObject>({
        method: 'PATCH',
        path: objectPath(type, namespace, name ?? ''),
        contentType: 'application/merge-patch+json',
        // The uid makes the patch fail rather than release a newer object of that name.
        body: { metadata: { uid, labels: { [managedByLabel]: null, [federationIdLabel]: null }, annotations: { [appliedHashAnnotation]: null } } },
        signal,
      }),
    );
  }

  /**
   * leave sends a delete or release. It is recorded from the moment it is queued until the watch shows
   * the copy gone, so that no reconcile meanwhile takes the cached copy for a managed one (and, say,
   * sweeps a copy that is being released).
   */
  #leave(type: ResourceType, object: KubeObject, signal: AbortSignal | undefined, send: () => Promise<KubeObject | undefined>): Promise<void> {
    try {
      this.#ensureOwn(type, object);
    } catch (error) {
      return Promise.reject(error);
    }
    const key = writeKey(type, objectKey(object));
    this.#written.leaving(key, object);
    return this.#writes.add(async () => {
      try {
        this.#written.left(key, object, await send());
      } catch (error) {
        if (!isNotFound(error)) {
          this.#written.failed(key, object);
          throw error;
        }
        this.#written.left(key, object);
      }
    }, { signal }).catch((error: unknown) => {
      // Aborted before it was sent (or failed): the copy is still kubefed's.
      this.#written.failed(key, object);
      throw error;
    });
  }

  /** forget stops and drops this member's caches of a type, whatever their selector. */
  async forget(type: ResourceType): Promise<void> {
    const prefix = `${type.group}/${type.plural}?`;
    const dropped = [...this.#informers.entries()].filter(([key]) => key.startsWith(prefix));
    dropped.forEach(([key]) => this.#informers.delete(key));
    for (const known of [...this.#managed.keys()].filter((entry) => entry.group === type.group && entry.plural === type.plural)) {
      this.#managed.delete(known);
    }
    await Promise.all(dropped.map(([, informer]) => informer.stop()));
  }

  /** close stops the caches and drops pending writes. */
  async close(): Promise<void> {
    this.#writes.clear();
    await Promise.all([...this.#informers.values()].map((informer) => informer.stop()));
    await Promise.all([this.client.close(), this.prober.close()]);
  }

  /**
   * takeOwnership turns the field ownership a plain create recorded ("kubefed", operation Update) into
   * apply ownership, once, so that later applies remove fields the federated object dropped. The
   * test operations make the patch fail rather than touch an entry that changed meanwhile.
   */
  async #takeOwnership(type: ResourceType, current: KubeObject, signal?: AbortSignal): Promise<void> {
    const index = createdByUpdate(current);
    const { namespace, name } = current.metadata;
    try {
      await this.client.request({
        method: 'PATCH',
        path: objectPath(type, namespace, name ?? ''),
        contentType: 'application/json-patch+json',
        body: [
          { op: 'test', path: `/metadata/managedFields/${index}/manager`, value: fieldManager },
          { op: 'test', path: `/metadata/managedFields/${index}/operation`, value: 'Update' },
          { op: 'replace', path: `/metadata/managedFields/${index}/operation`, value: 'Apply' },
        ],
        signal,
      });
    } catch (error) {
      // A failed test means the entry moved or changed already; the apply that follows is still right.
      if (!(error instanceof ApiError) || (error.status !== 422 && error.status !== 409 && error.status !== 404)) {
        throw error;
      }
    }
  }

  /** ensureOwn is the last check before a delete or release: the copy must carry this federation's name and id. */
  #ensureOwn(type: ResourceType, object: KubeObject): void {
    if (!isOwnCopy(object, this.#federation)) {
      const problem = ownershipProblem(object, this.#federation, `${type.kind} ${object.metadata.name ?? ''} in cluster ${this.name}`, false);
      throw new ClashError(problem ?? `${type.kind} ${object.metadata.name ?? ''} in cluster ${this.name} is not this federation's`);
    }
  }

  /** remember records what a write stored; values it has as sent are not digested again (see digestContent). */
  #remember(type: ResourceType, stored: KubeObject, sent: KubeObject): void {
    const key = objectKey(stored);
    this.#written.stored(writeKey(type, key), stored, this.informer(type).get(key), (object) => trimMemberObject(type, object, sent));
  }

  /** apply's failures are reported once, by the caller (MemberActions), not here as well. */
  async #apply(type: ResourceType, object: KubeObject, signal?: AbortSignal): Promise<KubeObject> {
    const { namespace, name } = object.metadata;
    const answered = this.#written.sending(writeKey(type, objectKey(object)), object);
    try {
      const stored = await this.client.request<KubeObject>({
        method: 'PATCH',
        path: objectPath(type, namespace, name ?? ''),
        query: { fieldManager, force: true },
        contentType: 'application/apply-patch+yaml',
        body: object,
        signal,
      });
      this.#remember(type, stored, object);
      return stored;
    } finally {
      answered();
    }
  }
}

function writeKey(type: ResourceType, key: string): string {
  return `${type.group}/${type.plural}/${key}`;
}

/** Metadata kubefed never reads from a member's copy. */
const memberOmitted = ['creationTimestamp', 'ownerReferences'];

/**
 * Workload copies keep their creation time: while a copy is younger than the unschedulable threshold
 * none of its pods can count as unschedulable, so the replica planner does not list them.
 */
const workloadOmitted = ['ownerReferences'];
const workloads = new Set(['deployments', 'replicasets']);

/**
 * trimMemberObject trims a cached member copy to what kubefed reads: identity, labels and
 * annotations, generation and resourceVersion, and the content it compares; of the managed fields
 * only whether kubefed's own entry came from a plain create (createdByUpdate); a ConfigMap's or
 * Secret's values only as digests. A federation holds objects × members copies, so every field kept
 * here is paid for many times (100 ConfigMaps of 900 KiB in 3 members would be 270 MiB as bytes).
 */
function trimMemberObject(type: ResourceType, object: KubeObject, sent?: KubeObject): KubeObject {
  const index = createdByUpdate(object);
  const omitted = type.group === 'apps' && workloads.has(type.plural) ? workloadOmitted : memberOmitted;
  const trimmed = trimObject(digestContent(object, sent), omitted);
  if (index !== undefined) {
    trimmed.metadata.createdByUpdate = index;
  }
  return trimmed;
}

/** createdByUpdate is the index of kubefed's Update ownership entry (a copy made by a plain create), if any. */
function createdByUpdate(object: KubeObject): number | undefined {
  if (object.metadata.createdByUpdate !== undefined) {
    return object.metadata.createdByUpdate;
  }
  const managers = (object.metadata.managedFields ?? []) as { manager?: string; operation?: string }[];
  const index = managers.findIndex((entry) => entry.manager === fieldManager && entry.operation === 'Update');
  return index < 0 ? undefined : index;
}
