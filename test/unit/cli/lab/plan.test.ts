import { describe, expect, test } from '@jest/globals';
import { labPaths } from '../../../../src/cli/lab/layout.js';
import { planLab, portsNeeded, validateShape, type LabShape } from '../../../../src/cli/lab/plan.js';

const shape: LabShape = { federation: 'master-control', members: ['gcek8s', 'awsk8s'], workloads: true, nodes: 2 };
const proxy = ['/node', '/kubefed/dist/cli/lab/proxy-main.js'];
const ports = (count: number): number[] => Array.from({ length: count }, (_, index) => 20000 + index);

describe('planLab', () => {
  const plan = planLab(shape, labPaths('/lab'), '/bin', ports(portsNeeded(shape)), proxy);

  test('uses every port once', () => {
    const used = [plan.etcd, ...plan.clusters.flatMap((cluster) => [cluster.apiServer, ...cluster.controllers, ...(cluster.proxy ? [cluster.proxy] : [])])].flatMap((component) =>
      Object.values(component.ports),
    );
    expect(new Set(used).size).toBe(used.length);
    expect(used.length).toBe(portsNeeded(shape));
  });

  test('gives the federation only a controller manager, and members with workloads a scheduler and kwok too', () => {
    expect(plan.clusters.map((cluster) => [cluster.name, cluster.role, cluster.controllers.map((component) => component.component)])).toEqual([
      ['master-control', 'federation', ['kube-controller-manager']],
      ['gcek8s', 'member', ['kube-controller-manager', 'kube-scheduler', 'kwok']],
      ['awsk8s', 'member', ['kube-controller-manager', 'kube-scheduler', 'kwok']],
    ]);
    expect(plan.clusters.map((cluster) => cluster.nodes)).toEqual([0, 2, 2]);
  });

  test('runs the binaries from the binaries directory and logs per cluster and component', () => {
    const member = plan.clusters[1];
    expect(member?.apiServer.command[0]).toBe('/bin/kube-apiserver');
    expect(member?.apiServer.log).toBe('/lab/logs/gcek8s-kube-apiserver.log');
    expect(member?.server).toBe(`https://127.0.0.1:${member?.apiServer.ports.secure}`);
    expect(plan.etcd.log).toBe('/lab/logs/etcd.log');
    expect(member?.controllers.find((component) => component.component === 'kwok')?.command).toContain('--config=/bin/kwok-stages.yaml');
  });

  test('without workloads members get the minimal controller set and no scheduler', () => {
    const minimal = { ...shape, workloads: false };
    const lean = planLab(minimal, labPaths('/lab'), '/bin', ports(portsNeeded(minimal)), proxy);
    expect(portsNeeded(minimal)).toBe(12);
    expect(lean.clusters.every((cluster) => cluster.controllers.length === 1 && !cluster.workloads)).toBe(true);
  });
});

describe('planLab gives each member a proxy', () => {
  const plan = planLab(shape, labPaths('/lab'), '/bin', ports(portsNeeded(shape)), proxy);

  test('in front of its API server, controlled with a token from its cluster directory, and none to the federation', () => {
    const [federation, member] = plan.clusters;
    expect(federation?.proxy).toBeUndefined();
    expect(federation?.proxiedServer).toBeUndefined();
    const listen = member?.proxy?.ports.listen;
    const control = member?.proxy?.ports.control;
    expect(member?.proxiedServer).toBe(`https://127.0.0.1:${listen}`);
    expect(member?.proxy?.command).toEqual([
      '/node',
      '/kubefed/dist/cli/lab/proxy-main.js',
      `--listen=${listen}`,
      `--target=${member?.apiServer.ports.secure}`,
      `--control=${control}`,
      '--token-file=/lab/clusters/gcek8s/proxy-token',
      '--mode-file=/lab/clusters/gcek8s/proxy-mode.json',
    ]);
    expect(member?.proxy?.log).toBe('/lab/logs/gcek8s-member-proxy.log');
  });
});

describe('validateShape', () => {
  test.each([
    [{ ...shape, federation: 'Master' }, /"Master" is not a DNS label/],
    [{ ...shape, members: ['gcek8s', 'gcek8s'] }, /gcek8s is given twice/],
    [{ ...shape, members: ['master-control'] }, /master-control is given twice/],
    [{ ...shape, nodes: -1 }, /nodes must be/],
    [{ ...shape, nodes: 1.5 }, /nodes must be/],
  ])('rejects %o', (bad, message) => {
    expect(() => validateShape(bad)).toThrow(message);
  });

  test('accepts a federation without members', () => {
    expect(() => validateShape({ ...shape, members: [] })).not.toThrow();
  });
});

describe('planLab with the aggregation layer', () => {
  test('gives only the federation API server the front proxy, from its cluster directory', () => {
    const plan = planLab({ ...shape, aggregation: true }, labPaths('/lab'), '/bin', ports(portsNeeded(shape)), proxy);
    const [federation, member] = plan.clusters;
    expect(federation?.apiServer.command).toEqual(
      expect.arrayContaining([
        '--requestheader-client-ca-file=/lab/clusters/master-control/front-proxy-ca.crt',
        '--requestheader-allowed-names=front-proxy-client',
        '--proxy-client-cert-file=/lab/clusters/master-control/front-proxy-client.crt',
        '--proxy-client-key-file=/lab/clusters/master-control/front-proxy-client.key',
      ]),
    );
    expect(member?.apiServer.command.some((flag) => flag.startsWith('--requestheader') || flag.startsWith('--proxy-client'))).toBe(false);
    const without = planLab(shape, labPaths('/lab'), '/bin', ports(portsNeeded(shape)), proxy);
    expect(without.clusters[0]?.apiServer.command.some((flag) => flag.startsWith('--requestheader'))).toBe(false);
  });
});
