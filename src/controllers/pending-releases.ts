import { isNotFound } from '../kube/errors.js';
import { clusters, objectPath } from '../kube/resources.js';
import type { ClusterObject } from '../members/cluster.js';
import { maxPendingReleases } from '../core/propagation/orphan-ledger.js';
import type { Logger } from '../runtime/observability/logger.js';
import type { FederationWriter } from './federated-writes.js';

/**
 * PendingReleases keeps the orphan ledger where a restart or a failover finds it: in each Cluster's
 * status.pendingReleases (our own CRD's status, which the controller-manager writes already). Each
 * entry is one key of a map, so the merge patches of different kinds and of the cluster controller
 * never overwrite one another. Reads come from the Cluster cache (the view's cluster object).
 */
export class PendingReleases {
  readonly #client: FederationWriter;

  constructor(client: FederationWriter) {
    this.#client = client;
  }

  /** holds reports whether the Cluster's status says the copy is to be released. */
  static holds(cluster: ClusterObject, entry: string): boolean {
    return cluster.status?.pendingReleases?.[entry] !== undefined;
  }

  /**
   * record writes the entry to each away Cluster before the federated object may go. A Cluster already
   * holding the bound keeps the entry in memory only, and says so in the log.
   */
  async record(away: readonly ClusterObject[], entry: string, now: Date, logger: Logger): Promise<void> {
    for (const cluster of away.filter((candidate) => !PendingReleases.holds(candidate, entry))) {
      if (Object.keys(cluster.status?.pendingReleases ?? {}).length >= maxPendingReleases) {
        logger.warn('too many pending releases to persist for this cluster; this one is kept in memory only', { cluster: cluster.metadata.name, max: maxPendingReleases });
        continue;
      }
      await this.#patch(cluster, { [entry]: now.toISOString() });
    }
  }

  /** settle removes the entry from each Cluster that holds it (the copy is released, gone, or wanted again). */
  async settle(held: readonly ClusterObject[], entry: string): Promise<void> {
    for (const cluster of held.filter((candidate) => PendingReleases.holds(candidate, entry))) {
      await this.#patch(cluster, { [entry]: null });
    }
  }

  async #patch(cluster: ClusterObject, entries: Record<string, string | null>): Promise<void> {
    try {
      await this.#client.request({
        method: 'PATCH',
        path: objectPath(clusters, undefined, cluster.metadata.name ?? '', 'status'),
        contentType: 'application/merge-patch+json',
        body: { status: { pendingReleases: entries } },
      });
    } catch (error) {
      // A Cluster that is gone has no copies left to release.
      if (!isNotFound(error)) {
        throw error;
      }
    }
  }
}
