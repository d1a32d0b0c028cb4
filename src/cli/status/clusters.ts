import type { ClusterObject } from '../../members/cluster.js';
import { serverAddress } from '../../members/cluster.js';

/** ClusterReport is one member as `kubefed status` and `kubefed get clusters` show it. */
export interface ClusterReport {
  name: string;
  ready: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  /** since is when Ready last changed (lastTransitionTime). */
  since?: string;
  lastProbe?: string;
  zones: string[];
  region?: string;
  server?: string;
  labels: Record<string, string>;
  /** managed counts the copies this federation manages in the member, by kind; undefined when the member could not be read. */
  managed?: Record<string, number>;
  /** access says why the CLI could not read the member, if it could not. */
  access?: string;
}

/** clusterReports turns Cluster objects and per-member counts into report rows, sorted by name. */
export function clusterReports(
  clusters: ClusterObject[],
  managed: Record<string, Record<string, number> | undefined>,
  access: Record<string, string | undefined> = {},
): ClusterReport[] {
  return clusters
    .map((cluster): ClusterReport => {
      const name = cluster.metadata.name ?? '';
      const ready = cluster.status?.conditions?.find((condition) => condition.type === 'Ready');
      const status = ready?.status === 'True' || ready?.status === 'False' ? ready.status : 'Unknown';
      const report: ClusterReport = {
        name,
        ready: status,
        zones: [...(cluster.status?.zones ?? [])],
        labels: { ...(cluster.metadata.labels ?? {}) },
      };
      assign(report, 'reason', ready?.reason);
      assign(report, 'message', ready?.message);
      assign(report, 'since', ready?.lastTransitionTime);
      assign(report, 'lastProbe', ready?.lastProbeTime);
      assign(report, 'region', cluster.status?.region);
      assign(report, 'server', serverAddress(cluster));
      assign(report, 'managed', managed[name]);
      assign(report, 'access', access[name]);
      return report;
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function assign<K extends keyof ClusterReport>(report: ClusterReport, key: K, value: ClusterReport[K] | undefined): void {
  if (value !== undefined && value !== '') {
    report[key] = value;
  }
}

/** countByKind counts copies per kind name, leaving out kinds with none. */
export function countByKind(copies: Record<string, unknown[]>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(copies)
      .filter(([, list]) => list.length > 0)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([kind, list]) => [kind, list.length]),
  );
}

/** managedSummary renders counts compactly for a table cell: "configmap=2,deployment=1". */
export function managedSummary(managed: Record<string, number> | undefined): string {
  if (managed === undefined) {
    return '?';
  }
  const entries = Object.entries(managed);
  return entries.length === 0 ? '-' : entries.map(([kind, count]) => `${kind}=${count}`).join(',');
}
