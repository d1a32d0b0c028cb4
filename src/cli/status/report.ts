import { age, type Cell, type Painter, plain, renderTable } from '../shared/output.js';
import { type ClusterReport, managedSummary } from './clusters.js';
import { type MemberStateRow, printable, renderMemberStates } from './member-states.js';
import type { SyncProblem } from './sync.js';

/** StatusReport is everything `kubefed status` prints, in the shape -o json and -o yaml give it. */
export interface StatusReport {
  federation: string;
  server: string;
  clusters: ClusterReport[];
  /** objects counts the federated objects looked at. */
  objects: number;
  outOfSync: SyncProblem[];
  /** memberStates are the member copies of objects of enabled types, from their member-states annotations. */
  memberStates?: MemberStateRow[];
  summary: { clusters: number; ready: number; objectsOutOfSync: number; problems: number };
}

export function statusReport(input: Omit<StatusReport, 'summary'>): StatusReport {
  const objects = new Set(input.outOfSync.map((problem) => `${problem.kind}/${problem.namespace ?? ''}/${problem.name}`));
  return {
    ...input,
    summary: {
      clusters: input.clusters.length,
      ready: input.clusters.filter((cluster) => cluster.ready === 'True').length,
      objectsOutOfSync: objects.size,
      problems: input.outOfSync.length,
    },
  };
}

/** healthy: every cluster Ready and readable, every object in sync. */
export function isHealthy(report: StatusReport): boolean {
  return report.outOfSync.length === 0 && report.clusters.every((cluster) => cluster.ready === 'True' && cluster.access === undefined);
}

const readyStyle = { True: 'green', False: 'red', Unknown: 'yellow' } as const;

/** renderClusterTable is `kubefed get clusters`: one row per member. */
export function renderClusterTable(clusters: ClusterReport[], now: Date, paint: Painter = plain): string {
  if (clusters.length === 0) {
    return 'No clusters have joined the federation (kubefed join NAME --host-cluster-context CTX).\n';
  }
  const rows: Cell[][] = clusters.map((cluster) => [
    cluster.name,
    { text: cluster.ready, style: readyStyle[cluster.ready] },
    cluster.reason ?? '',
    cluster.since ? age(cluster.since, now) : '<none>',
    cluster.zones.join(',') || '<none>',
    cluster.region ?? '<none>',
    managedSummary(cluster.managed),
    cluster.lastProbe ? `${age(cluster.lastProbe, now)} ago` : '<never>',
  ]);
  const table = renderTable(['NAME', 'READY', 'REASON', 'SINCE', 'ZONES', 'REGION', 'MANAGED', 'LAST PROBE'], rows, paint);
  const notes = clusters
    .flatMap((cluster) => [
      cluster.ready !== 'True' && cluster.message ? `${cluster.name}: ${cluster.message}` : undefined,
      cluster.access ? `${cluster.name}: cannot be read from here: ${cluster.access}` : undefined,
    ])
    .filter((note): note is string => note !== undefined)
    .map((note) => paint('yellow', `  ${note}`));
  return table + (notes.length > 0 ? `${notes.join('\n')}\n` : '');
}

/** renderProblemTable lists the objects that are not in sync. */
export function renderProblemTable(problems: SyncProblem[], paint: Painter = plain): string {
  const rows: Cell[][] = problems.map((problem) => [
    problem.kind,
    problem.namespace ?? '',
    problem.name,
    problem.cluster ?? '*',
    { text: problem.reason, style: 'yellow' },
    // Event messages quote what members answered: no escape sequence or newline of theirs reaches the terminal.
    printable(problem.message, 1024),
  ]);
  return renderTable(['KIND', 'NAMESPACE', 'NAME', 'CLUSTER', 'REASON', 'MESSAGE'], rows, paint);
}

/** renderStatus is the table form of `kubefed status`. */
export function renderStatus(report: StatusReport, now: Date, paint: Painter = plain): string {
  const { summary } = report;
  const header = paint('bold', `Federation ${report.federation} at ${report.server}`);
  const clusters = `${paint('bold', `Clusters (${summary.ready} of ${summary.clusters} Ready)`)}\n${renderClusterTable(report.clusters, now, paint)}`;
  const objects =
    report.outOfSync.length === 0
      ? `${paint('bold', 'Federated objects')}\n${paint('green', `all ${report.objects} federated objects are in sync`)}\n`
      : `${paint('bold', `Federated objects not in sync (${summary.objectsOutOfSync} of ${report.objects})`)}\n${renderProblemTable(report.outOfSync, paint)}`;
  const states = report.memberStates ?? [];
  const copies = states.length === 0 ? '' : `\n${paint('bold', 'Member copies of enabled types')}\n${renderMemberStates(states, paint)}`;
  return `${header}\n\n${clusters}\n${objects}${copies}`;
}
