// In-memory members, a member directory with real dispatchers, and a federation store: the narrow
// interfaces the reconcile core depends on (src/members/ports.ts), implemented with plain data.
import { PassThrough } from 'node:stream';
import type { RequestOptions } from '../../../src/kube/client.js';
import type { ResourceType } from '../../../src/kube/resources.js';
import { ApiError } from '../../../src/kube/errors.js';
import { type KubeObject, objectKey } from '../../../src/core/objects.js';
import { type Delivery, MemberDispatcher } from '../../../src/members/dispatcher.js';
import { ClashError } from '../../../src/members/member.js';
import type { CacheReader, MemberDirectory, MemberPort } from '../../../src/members/ports.js';
import type { MemberView } from '../../../src/members/registry.js';
import type { ClusterObject } from '../../../src/members/cluster.js';

type ClusterStatus = NonNullable<ClusterObject['status']>;
import { createLogger } from '../../../src/runtime/observability/logger.js';
import type { Clock } from '../../../src/runtime/clock.js';
import { managedByLabel } from '../../../src/core/well-known.js';

export const quietLogger = createLogger('error', new PassThrough());

/** settle lets promise chains (reconciles, dispatcher workers) run until they wait for something again. */
export const settle = async (rounds = 3): Promise<void> => {
  for (let round = 0; round < rounds; round += 1) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
};

let versions = 100;
const nextVersion = () => String((versions += 1));

/** FakeCache is a member cache: a map, synced unless told otherwise. */
export class FakeCache implements CacheReader {
  readonly objects = new Map<string, KubeObject>();
  synced = true;
  refused?: string;

  hasSynced(): boolean {
    return this.synced;
  }

  cannotSync(): string | undefined {
    return this.synced ? undefined : this.refused;
  }

  get(key: string): KubeObject | undefined {
    return this.objects.get(key);
  }

  keys(): Iterable<string> {
    return this.objects.keys();
  }

  list(): KubeObject[] {
    return [...this.objects.values()];
  }
}

/** A write a fake member received, in order. */
export interface Write {
  verb: 'create' | 'apply' | 'delete' | 'release';
  key: string;
  adopt?: boolean;
}

/**
 * FakeMember holds its managed copies in caches that its writes update at once (as if the watch
 * delivered them). Names in `foreign` are same-name objects kubefed did not create: creating them clashes.
 */
export class FakeMember implements MemberPort {
  readonly client = { request: <T>(_options: RequestOptions): Promise<T> => Promise.reject(new Error('the fake member serves no reads')) };
  readonly caches = new Map<string, FakeCache>();
  readonly writes: Write[] = [];
  readonly foreign = new Set<string>();
  /** hold makes writes wait until released, as a slow member would. */
  hold?: Promise<void>;
  /** failNext makes the next write fail with this error, as a member's admission would. */
  failNext?: Error;

  constructor(readonly name: string) {}

  informer(type: ResourceType): FakeCache {
    let cache = this.caches.get(type.plural);
    if (!cache) {
      cache = new FakeCache();
      this.caches.set(type.plural, cache);
    }
    return cache;
  }

  current(type: ResourceType, key: string): KubeObject | undefined {
    return this.informer(type).get(key);
  }

  async create(type: ResourceType, object: KubeObject, adopt: boolean): Promise<KubeObject> {
    const key = objectKey(object);
    await this.#record({ verb: 'create', key, adopt });
    if (this.foreign.has(key) && !adopt) {
      throw new ClashError(`${type.kind} ${object.metadata.name ?? ''} in cluster ${this.name} already exists and was not created by kubefed`);
    }
    this.foreign.delete(key);
    return this.#store(type, object);
  }

  async apply(type: ResourceType, object: KubeObject): Promise<KubeObject> {
    await this.#record({ verb: 'apply', key: objectKey(object) });
    return this.#store(type, object);
  }

  async delete(type: ResourceType, object: KubeObject): Promise<void> {
    await this.#record({ verb: 'delete', key: objectKey(object) });
    this.informer(type).objects.delete(objectKey(object));
  }

  /** release unlabels the copy: it leaves the managed cache and stays in the member as a foreign object. */
  async release(type: ResourceType, object: KubeObject): Promise<void> {
    const key = objectKey(object);
    await this.#record({ verb: 'release', key });
    this.informer(type).objects.delete(key);
    this.foreign.add(key);
  }

  /** put places a managed copy in the cache, as if it was there before. */
  put(type: ResourceType, object: KubeObject): void {
    this.#store(type, object);
  }

  async #record(write: Write): Promise<void> {
    this.writes.push(write);
    await this.hold;
    const failure = this.failNext;
    if (failure) {
      this.failNext = undefined;
      throw failure;
    }
  }

  #store(type: ResourceType, object: KubeObject): KubeObject {
    const key = objectKey(object);
    const previous = this.informer(type).get(key);
    const stored = { ...object, metadata: { ...object.metadata, uid: previous?.metadata.uid ?? `uid-${this.name}-${key}`, resourceVersion: nextVersion() } };
    this.informer(type).objects.set(key, stored);
    return stored;
  }
}

/** FakeDirectory lists fake members with a readiness each, and gives each a real dispatcher (paused while not ready). */
export class FakeDirectory implements MemberDirectory {
  readonly members: FakeMember[];
  readonly dispatchers = new Map<string, MemberDispatcher>();
  readonly #ready = new Map<string, boolean>();

  constructor(names: string[], clock: Clock) {
    this.members = names.map((name) => new FakeMember(name));
    for (const name of names) {
      this.#ready.set(name, true);
      const dispatcher = new MemberDispatcher({ cluster: name, workers: 2, clock, logger: quietLogger, terminalRetryMs: 300_000 });
      dispatcher.start();
      this.dispatchers.set(name, dispatcher);
    }
  }

  hasSynced(): boolean {
    return true;
  }

  /** clusterStatus is each Cluster's status as the Cluster cache shows it (share FakeFederation's to see its writes). */
  clusterStatus?: Map<string, ClusterStatus>;

  views(): MemberView<MemberPort>[] {
    return this.members.map((member) => ({
      name: member.name,
      labels: { name: member.name },
      cluster: { apiVersion: 'federation.kubefed.dev/v1beta1', kind: 'Cluster', metadata: { name: member.name }, status: this.clusterStatus?.get(member.name) },
      member,
      ready: this.#ready.get(member.name) ?? false,
      failed: false,
    }));
  }

  member(name: string): FakeMember | undefined {
    return this.members.find((member) => member.name === name);
  }

  dispatch(cluster: string, key: string, delivery: Delivery): boolean {
    const dispatcher = this.dispatchers.get(cluster);
    dispatcher?.dispatch(key, delivery);
    return dispatcher !== undefined;
  }

  setReady(name: string, ready: boolean): void {
    this.#ready.set(name, ready);
    if (ready) {
      this.dispatchers.get(name)?.resume();
    } else {
      this.dispatchers.get(name)?.pause();
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.dispatchers.values()].map((dispatcher) => dispatcher.stop()));
  }
}

/**
 * FakeFederation is the federation API server and its cache in one: merge patches of metadata and
 * status apply at once and are visible to the next reconcile.
 */
export class FakeFederation {
  readonly objects = new Map<string, KubeObject>();
  readonly requests: RequestOptions[] = [];
  /** The Clusters' status, as merge patches of clusters/NAME/status leave it. */
  readonly clusterStatus = new Map<string, ClusterStatus>();

  readonly client = {
    request: <T>(options: RequestOptions): Promise<T> => {
      this.requests.push(options);
      const cluster = /\/clusters\/([^/]+)\/status$/.exec(options.path)?.[1];
      if (cluster !== undefined && options.method === 'PATCH') {
        const patch = (options.body as { status: { pendingReleases?: Record<string, string | null> } }).status.pendingReleases ?? {};
        const merged = { ...(this.clusterStatus.get(cluster)?.pendingReleases ?? {}), ...patch };
        const pendingReleases = Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== null));
        this.clusterStatus.set(cluster, { ...this.clusterStatus.get(cluster), pendingReleases });
        return Promise.resolve({} as T);
      }
      const [, namespace, , name, subresource] = /namespaces\/([^/]+)\/([^/]+)\/([^/]+)(?:\/(\w+))?$/.exec(options.path) ?? [];
      const key = `${namespace}/${name}`;
      const object = this.objects.get(key);
      if (!object && options.method === 'PATCH') {
        return Promise.reject(new ApiError(404, 'NotFound', `${name} not found`));
      }
      if (!object || options.method !== 'PATCH') {
        return Promise.reject(new Error(`the fake federation serves only patches of stored objects, not ${options.method ?? 'GET'} ${options.path}`));
      }
      const body = options.body as { metadata?: { finalizers?: string[] | null; annotations?: Record<string, string | null> }; status?: Record<string, unknown> };
      const metadata = { ...object.metadata, resourceVersion: nextVersion() };
      if (body.metadata && 'finalizers' in body.metadata) {
        metadata.finalizers = body.metadata.finalizers ?? undefined;
      }
      if (body.metadata?.annotations) {
        const merged = { ...(metadata.annotations ?? {}), ...body.metadata.annotations };
        metadata.annotations = Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== null));
      }
      const updated: KubeObject = { ...object, metadata, ...(subresource === 'status' ? { status: { ...(object.status as object), ...body.status } } : {}) };
      if (metadata.deletionTimestamp && (metadata.finalizers ?? []).length === 0) {
        this.objects.delete(key);
      } else {
        this.objects.set(key, updated);
      }
      return Promise.resolve(updated as T);
    },
  };

  readonly cache = {
    hasSynced: () => true,
    get: (key: string) => this.objects.get(key),
  };

  put(object: KubeObject): void {
    this.objects.set(objectKey(object), { ...object, metadata: { resourceVersion: nextVersion(), uid: `uid-${objectKey(object)}`, ...object.metadata } });
  }
}

/** isManaged tells a copy kubefed manages from one it left behind. */
export const isManaged = (object: KubeObject | undefined): boolean => object?.metadata.labels?.[managedByLabel] !== undefined;
