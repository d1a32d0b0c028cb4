/**
 * OrphanLedger remembers, per federated object, the members that were away when it was deleted with
 * --cascade=orphan (or the orphan annotation): their copies are to be released, never deleted, when
 * they come back. Pure data; the reconciler records and settles entries.
 */
export class OrphanLedger {
  readonly #away = new Map<string, Set<string>>();

  /** record notes the members an orphaning deletion could not reach. */
  record(key: string, clusters: string[]): void {
    if (clusters.length > 0) {
      this.#away.set(key, new Set([...(this.#away.get(key) ?? []), ...clusters]));
    }
  }

  /** forget drops a key: a later deletion that does not orphan decides afresh. */
  forget(key: string): void {
    this.#away.delete(key);
  }

  /** sweepAction is what the sweep does to a copy whose federated object is gone. */
  sweepAction(key: string, cluster: string): 'release' | 'delete' {
    return this.#away.get(key)?.has(cluster) ? 'release' : 'delete';
  }

  /** settle notes that a member's copy has been released. */
  settle(key: string, cluster: string): void {
    const clusters = this.#away.get(key);
    clusters?.delete(cluster);
    if (clusters?.size === 0) {
      this.#away.delete(key);
    }
  }

  get size(): number {
    return this.#away.size;
  }
}

/** maxPendingReleases bounds the releases kept in one Cluster's status (the CRD says the same). */
export const maxPendingReleases = 1000;

/** pendingReleaseKey names one copy in a Cluster's status.pendingReleases: "configmaps:apps/settings", "deployments.apps:web/frontend". */
export function pendingReleaseKey(type: { group: string; plural: string }, key: string): string {
  return `${type.group === '' ? type.plural : `${type.plural}.${type.group}`}:${key}`;
}

/** awayClusters are the members a deletion cannot reach now: not ready, or without usable credentials. */
export function awayClusters(views: { name: string; ready: boolean; member?: unknown }[]): string[] {
  return views.filter((view) => !view.ready || view.member === undefined).map((view) => view.name);
}
