import { describe, expect, it } from '@jest/globals';
import type { ClusterObject } from '../../../src/members/cluster.js';
import { clusterReports, countByKind, managedSummary } from '../../../src/cli/status/clusters.js';
import { isHealthy, renderClusterTable, renderStatus, statusReport } from '../../../src/cli/status/report.js';

const now = new Date('2026-06-01T12:00:00Z');
const cluster = (name: string, status: ClusterObject['status'], labels: Record<string, string> = {}): ClusterObject => ({
  metadata: { name, labels },
  spec: { serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `192.0.2.${name.length}` }] },
  status,
});

const clusters = [
  cluster('gcek8s', {
    conditions: [{ type: 'Ready', status: 'True', reason: 'ClusterReady', message: '/readyz responded with ok', lastTransitionTime: '2026-06-01T11:48:00Z', lastProbeTime: '2026-06-01T11:59:57Z' }],
    zones: ['us-a', 'us-b'],
    region: 'us',
  }),
  cluster('awsk8s', {
    conditions: [{ type: 'Ready', status: 'False', reason: 'ClusterNotReachable', message: 'connect ECONNREFUSED', lastTransitionTime: '2026-06-01T11:59:00Z' }],
  }),
  cluster('azurek8s', undefined),
];

describe('clusterReports', () => {
  it('reads readiness, since, zones, region and last probe from each Cluster, sorted by name', () => {
    const reports = clusterReports(clusters, { gcek8s: { configmap: 2, deployment: 1 }, awsk8s: undefined }, { awsk8s: 'connect ECONNREFUSED' });
    expect(reports.map((report) => [report.name, report.ready])).toEqual([
      ['awsk8s', 'False'],
      ['azurek8s', 'Unknown'],
      ['gcek8s', 'True'],
    ]);
    expect(reports[2]).toEqual({
      name: 'gcek8s',
      ready: 'True',
      reason: 'ClusterReady',
      message: '/readyz responded with ok',
      since: '2026-06-01T11:48:00Z',
      lastProbe: '2026-06-01T11:59:57Z',
      zones: ['us-a', 'us-b'],
      region: 'us',
      server: 'https://192.0.2.6',
      labels: {},
      managed: { configmap: 2, deployment: 1 },
    });
    expect(reports[0]?.access).toBe('connect ECONNREFUSED');
  });

  it('renders the table of `kubefed get clusters`', () => {
    const reports = clusterReports(clusters, { gcek8s: { configmap: 2, deployment: 1 }, azurek8s: {} }, { awsk8s: 'connect ECONNREFUSED' });
    expect(renderClusterTable(reports, now)).toBe(
      [
        'NAME       READY     REASON                SINCE    ZONES       REGION   MANAGED                    LAST PROBE',
        'awsk8s     False     ClusterNotReachable   60s      <none>      <none>   ?                          <never>',
        'azurek8s   Unknown                         <none>   <none>      <none>   -                          <never>',
        'gcek8s     True      ClusterReady          12m      us-a,us-b   us       configmap=2,deployment=1   3s ago',
        '  awsk8s: connect ECONNREFUSED',
        '  awsk8s: cannot be read from here: connect ECONNREFUSED',
        '',
      ].join('\n'),
    );
    expect(renderClusterTable([], now)).toMatch(/No clusters have joined/);
  });

  it('counts and summarises managed copies', () => {
    expect(countByKind({ deployment: [1], configmap: [1, 2], secret: [] })).toEqual({ configmap: 2, deployment: 1 });
    expect(managedSummary(undefined)).toBe('?');
    expect(managedSummary({})).toBe('-');
  });
});

describe('statusReport', () => {
  const ready = clusterReports([clusters[0] as ClusterObject], { gcek8s: {} });

  it('is healthy when every cluster is Ready and every object in sync', () => {
    const report = statusReport({ federation: 'fed', server: 'https://x', clusters: ready, objects: 4, outOfSync: [] });
    expect(report.summary).toEqual({ clusters: 1, ready: 1, objectsOutOfSync: 0, problems: 0 });
    expect(isHealthy(report)).toBe(true);
    expect(renderStatus(report, now)).toMatch(/Clusters \(1 of 1 Ready\)[\s\S]*all 4 federated objects are in sync/);
  });

  it('counts objects, not problems, and lists them with the reason', () => {
    const outOfSync = [
      { kind: 'ConfigMap', namespace: 'team', name: 'cfg', cluster: 'gcek8s', reason: 'Missing', message: 'gcek8s holds no copy' },
      { kind: 'ConfigMap', namespace: 'team', name: 'cfg', reason: 'CreateInClusterFailed', message: 'denied' },
    ];
    const report = statusReport({ federation: 'fed', server: 'https://x', clusters: ready, objects: 4, outOfSync });
    expect(report.summary.objectsOutOfSync).toBe(1);
    expect(isHealthy(report)).toBe(false);
    const text = renderStatus(report, now);
    expect(text).toMatch(/Federated objects not in sync \(1 of 4\)/);
    expect(text).toContain('ConfigMap   team        cfg    *         CreateInClusterFailed   denied');
  });

  it("prints no escape sequence or line break of a member's error message", () => {
    const outOfSync = [{ kind: 'ConfigMap', namespace: 'team', name: 'cfg', cluster: 'a', reason: 'UpdateInClusterFailed', message: 'denied:\n\u001b[2Jby webhook' }];
    const text = renderStatus(statusReport({ federation: 'fed', server: 'https://x', clusters: ready, objects: 1, outOfSync }), now);
    expect(text).toContain('UpdateInClusterFailed   denied:  [2Jby webhook\n');
    expect(text).not.toContain('\u001b');
  });

  it('is not healthy with a cluster that is not Ready', () => {
    const report = statusReport({ federation: 'fed', server: 'https://x', clusters: clusterReports(clusters, {}), objects: 0, outOfSync: [] });
    expect(isHealthy(report)).toBe(false);
  });
});
