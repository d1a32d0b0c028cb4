import type { KubeObject } from '../core/objects.js';
import { isNewer } from '../kube/resource-version.js';
import { ExpiringMap } from '../runtime/expiring-map.js';
import { appliedHashAnnotation } from '../core/well-known.js';

/**
 * A write kubefed made to one member object: the object it stored (create, apply), or the copy leaving
 * kubefed's hands (delete, or release: the managed-by label removed). A leaving copy is recorded before
 * the request is sent (inFlight) and hides the cached copy until the watch shows it gone.
 */
type OwnWrite = { stored: KubeObject } | { leaving: { uid?: string; resourceVersion?: string; inFlight: boolean } };

/**
 * OwnWrites bridges the time between kubefed's own writes to a member and the member's watch
 * delivering them (client-go's MutationCache, for member copies): a reconcile that runs in between
 * must see the write, or it acts on the old state: creates twice, splits an HPA as if the member had
 * none, or deletes a copy it has just released. Entries leave once the cache catches up, after a
 * minute at the latest. Every member has one, so it holds them in an ExpiringMap (nothing while empty).
 */
export class OwnWrites {
  readonly #writes = new ExpiringMap<string, OwnWrite>({ max: 20_000, ttlMs: 60_000 });
  /** the very objects kubefed stored, which the member's cache keeps as its watch delivers them (see version). */
  readonly #mine = new WeakSet<KubeObject>();
  /** the applied hash of each create or apply in flight, by key: its watch event can come before its answer. */
  readonly #sending = new Map<string, string>();

  /**
   * sending records a create or apply about to be sent, until the returned function is called with its
   * answer in hand: a watch event that arrives before the answer and carries the hash sent is that write.
   */
  sending(key: string, sent: KubeObject): () => void {
    const hash = sent.metadata.annotations?.[appliedHashAnnotation];
    if (hash === undefined) {
      return () => undefined;
    }
    this.#sending.set(key, hash);
    return () => {
      if (this.#sending.get(key) === hash) {
        this.#sending.delete(key);
      }
    };
  }

  /**
   * stored records what a create or apply returned, as trim leaves it, unless the cache already holds
   * it or a newer version (then it is not trimmed at all).
   */
  stored(key: string, stored: KubeObject, cached: KubeObject | undefined, trim: (object: KubeObject) => KubeObject = (object) => object): void {
    if (cached && !isNewer(stored, cached)) {
      return;
    }
    const trimmed = trim(stored);
    this.#mine.add(trimmed);
    this.#writes.set(key, { stored: trimmed });
  }

  /**
   * version is kubefed's own recorded write when object is that very version (same uid and
   * resourceVersion): the watch event of kubefed's own write, already trimmed, so the cache can keep it
   * without trimming (and digesting) the same content again.
   */
  version(key: string, object: KubeObject): KubeObject | undefined {
    const write = this.#writes.get(key);
    if (write === undefined || !('stored' in write)) {
      return undefined;
    }
    const { uid, resourceVersion } = write.stored.metadata;
    return resourceVersion !== undefined && resourceVersion === object.metadata.resourceVersion && uid === object.metadata.uid ? write.stored : undefined;
  }

  /**
   * isOwn tells whether the cache's object is kubefed's own write as the watch delivered it: the reconcile
   * that follows the write (see MemberSummaries) sees this version, so its watch event brings nothing new.
   * That is the very object recorded from the write's answer, or, while the write is in flight, a version
   * carrying the hash it sends (were it somebody else's, that same reconcile, which reads the cache after
   * the answer, still sees it).
   */
  isOwn(key: string, object: KubeObject): boolean {
    if (this.#mine.has(object)) {
      return true;
    }
    const hash = this.#sending.get(key);
    return hash !== undefined && object.metadata.annotations?.[appliedHashAnnotation] === hash;
  }

  /** leaving records, before the request is sent, that a copy is being deleted or released. */
  leaving(key: string, copy: KubeObject): void {
    this.#writes.set(key, { leaving: { uid: copy.metadata.uid, inFlight: true } });
  }

  /** left records the finished delete or release; `stored` is the server's answer, when it gave the object. */
  left(key: string, copy: KubeObject, stored?: KubeObject): void {
    const { uid } = copy.metadata;
    const resourceVersion = stored?.metadata.uid === uid ? stored?.metadata.resourceVersion : undefined;
    this.#writes.set(key, { leaving: { uid, resourceVersion, inFlight: false } });
  }

  /** failed drops the record of a delete or release the member refused: the copy is still kubefed's. */
  failed(key: string, copy: KubeObject): void {
    const write = this.#writes.get(key);
    if (write && 'leaving' in write && write.leaving.inFlight && write.leaving.uid === copy.metadata.uid) {
      this.#writes.delete(key);
    }
  }

  /** current is the member's copy as kubefed knows it: the cache, or kubefed's own later write. */
  current(key: string, cached: KubeObject | undefined): KubeObject | undefined {
    const write = this.#writes.get(key);
    if (!write) {
      return cached;
    }
    if ('stored' in write) {
      return isNewer(write.stored, cached) ? write.stored : cached;
    }
    return cached && isLeaving(write.leaving, cached) ? undefined : cached;
  }

  /** observed is called for every version the member's cache receives; once it has caught up, the cache is the truth again. */
  observed(key: string, object: KubeObject): void {
    const write = this.#writes.get(key);
    if (!write) {
      return;
    }
    const caughtUp = 'stored' in write ? !isNewer(write.stored, object) : !isLeaving(write.leaving, object);
    if (caughtUp) {
      this.#writes.delete(key);
    }
  }

  /** removed is called when the object leaves the member's cache (deleted, or no longer labelled as managed). */
  removed(key: string): void {
    this.#writes.delete(key);
  }
}

/**
 * isLeaving: the version is still the copy kubefed is deleting or releasing, as it was before the
 * write took effect. A version of another object of that name, or one at or past the write, is not.
 */
function isLeaving(leaving: { uid?: string; resourceVersion?: string; inFlight: boolean }, object: KubeObject): boolean {
  if (leaving.uid !== undefined && object.metadata.uid !== leaving.uid) {
    return false;
  }
  if (leaving.inFlight || leaving.resourceVersion === undefined) {
    return true;
  }
  return isNewer({ metadata: { resourceVersion: leaving.resourceVersion } }, object);
}
