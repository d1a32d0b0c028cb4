import type { KubeClient } from '../kube/client.js';
import type { ResourceType } from '../kube/resources.js';
import type { KubeObject } from '../core/objects.js';
import type { MemberView } from './registry.js';
import type { Delivery } from './dispatcher.js';

/**
 * The narrow views of members that the reconcile core depends on. Member and MemberRegistry
 * implement them; unit tests implement them with plain objects.
 */

/** CacheReader is what the reconcile reads of one member cache. */
export interface CacheReader {
  hasSynced(): boolean;
  /** cannotSync says why a cache that never synced will not sync by waiting (403, 404), if so. */
  cannotSync(): string | undefined;
  get(key: string): KubeObject | undefined;
  keys(): Iterable<string>;
  list(): KubeObject[];
}

/** MemberWriter carries out writes to one member; each accepts a signal that aborts it (leader fencing). */
export interface MemberWriter {
  readonly name: string;
  create(type: ResourceType, object: KubeObject, adopt: boolean, signal?: AbortSignal): Promise<KubeObject>;
  apply(type: ResourceType, object: KubeObject, current?: KubeObject, signal?: AbortSignal): Promise<KubeObject>;
  delete(type: ResourceType, object: KubeObject, signal?: AbortSignal): Promise<void>;
  release(type: ResourceType, object: KubeObject, signal?: AbortSignal): Promise<void>;
}

/** MemberPort is one member as the reconcile core sees it: its caches, its copies as kubefed knows them, its writes. */
export interface MemberPort extends MemberWriter {
  /** client reads what no cache holds (an adapter's observe looks at pods). */
  readonly client: Pick<KubeClient, 'request'>;
  informer(type: ResourceType): CacheReader;
  current(type: ResourceType, key: string): KubeObject | undefined;
}

/** MemberDirectory is the registry as the reconcile core sees it: who the members are, and their dispatchers. */
export interface MemberDirectory {
  hasSynced(): boolean;
  views(): MemberView<MemberPort>[];
  member(name: string): MemberPort | undefined;
  /**
   * dispatch hands a member the work for one key (replacing what was waiting for that key); the
   * member's own queue carries it out. False when the member has no dispatcher (it is gone).
   */
  dispatch(cluster: string, key: string, delivery: Delivery): boolean;
}
