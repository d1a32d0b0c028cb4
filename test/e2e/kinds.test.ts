// Each propagated kind keeps what members own and reports what members report: Services keep their
// own cluster IPs and node ports (a node port the user set goes to every member) and gather
// load-balancer addresses, Ingresses likewise, DaemonSets sum their status, Secrets arrive whole.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { LabState } from '../../src/cli/lab/index.js';
import type { ControllerManager } from './support/controller-manager.js';
import { startSuite, stopSuite } from './support/suite.js';
import { events, getJson, run, uniqueName, waitFor } from './support/federation.js';

const namespace = uniqueName('kinds');
let state: LabState;
let federation: string;
let members: string[];
let manager: ControllerManager;

interface ServiceJson {
  metadata: { labels?: Record<string, string> };
  spec: { clusterIP?: string; ports: { nodePort?: number; port: number }[] };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

beforeAll(async () => {
  ({ state, federation, members, manager } = await startSuite(namespace));
});

afterAll(() => stopSuite(federation, namespace, manager));

describe('Services', () => {
  interface ManagedJson {
    metadata: { managedFields?: { manager: string; fieldsV1?: { 'f:spec'?: { 'f:ports'?: Record<string, Record<string, unknown>> } } }[] };
  }
  const nodePortOf = (service: ServiceJson | undefined, port: number) => service?.spec.ports.find((entry) => entry.port === port)?.nodePort;
  /** sentBy tells whether a manager's entry in the member's managedFields owns the node port of one port: whether it sent it. */
  const sentBy = (service: ManagedJson | undefined, manager: string, port: number) =>
    (service?.metadata.managedFields ?? []).some((entry) => entry.manager === manager && entry.fieldsV1?.['f:spec']?.['f:ports']?.[`k:{"port":${port},"protocol":"TCP"}`]?.['f:nodePort'] !== undefined);
  // Ports the user sets come from the range's static band (the lowest 86 ports of 30000-32767), which a
  // member's allocator never hands out at random while the rest of the range has room: another suite's
  // NodePort Service cannot take them by chance.
  const [fixedPort, takenPort] = [30082, 30083];
  const nodePortService = (name: string, ports: { port: number; nodePort?: number }[]) =>
    JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { type: 'NodePort', selector: { app: name }, ports: ports.map((port) => ({ name: `p${port.port}`, ...port })) } });

  test('a node port the user set reaches every member; one the federation allocated is never sent', async () => {
    const name = uniqueName('fixed-port');
    await run(federation, ['create', '-f', '-'], nodePortService(name, [{ port: 80, nodePort: fixedPort }, { port: 81 }]));
    for (const member of members) {
      await waitFor(`${name} in ${member} with node port ${fixedPort}`, async () => {
        const copy = await getJson<ServiceJson>(member, ['service', name, '-n', namespace]);
        return nodePortOf(copy, 80) === fixedPort || copy?.spec.ports;
      }, 30_000);
      const copy = await getJson<ServiceJson & ManagedJson>(member, ['service', name, '-n', namespace, '--show-managed-fields']);
      expect(sentBy(copy, 'kubefed', 80)).toBe(true);
      expect(sentBy(copy, 'kubefed', 81)).toBe(false);
      expect(nodePortOf(copy, 81)).toBeGreaterThan(0);
    }
  });

  test('a member where the node port is taken gets a Warning naming it and the port; the others get the port', async () => {
    const name = uniqueName('taken-port');
    await run('gcek8s', ['create', '-f', '-'], nodePortService(`${name}-local`, [{ port: 80, nodePort: takenPort }]));
    await run(federation, ['create', '-f', '-'], nodePortService(name, [{ port: 80, nodePort: takenPort }]));
    for (const member of members.filter((member) => member !== 'gcek8s')) {
      await waitFor(`${name} in ${member} with node port ${takenPort}`, async () => {
        const copy = await getJson<ServiceJson>(member, ['service', name, '-n', namespace]);
        return nodePortOf(copy, 80) === takenPort || { copy: copy?.spec.ports, events: await events(federation, namespace, name) };
      }, 30_000);
    }
    await waitFor(`a Warning naming gcek8s and port ${takenPort}`, async () => {
      const found = await events(federation, namespace, name);
      return found.some((line) => line.startsWith('Warning ') && line.includes('gcek8s') && line.includes(String(takenPort))) || found;
    }, 30_000);
    expect(await getJson('gcek8s', ['service', name, '-n', namespace])).toBeUndefined();
  });

  test("members allocate their own cluster IP and node ports, which later updates keep", async () => {
    const name = uniqueName('web');
    await run(federation, ['create', 'service', 'nodeport', name, '-n', namespace, '--tcp=80:8080']);
    const federated = await getJson<ServiceJson>(federation, ['service', name, '-n', namespace]);
    const before: Record<string, ServiceJson> = {};
    for (const member of members) {
      await waitFor(`${name} in ${member}`, async () => (before[member] = (await getJson<ServiceJson>(member, ['service', name, '-n', namespace])) as ServiceJson) !== undefined, 30_000);
      expect(before[member]?.spec.ports[0]?.nodePort).toBeGreaterThan(0);
    }
    const memberPorts = members.map((member) => before[member]?.spec.ports[0]?.nodePort);
    // Each member allocated its own; the federation's allocation was not sent (it would collide there).
    expect(memberPorts.every((port) => port === federated?.spec.ports[0]?.nodePort)).toBe(false);
    await run(federation, ['label', 'service', name, '-n', namespace, 'tier=frontend']);
    for (const member of members) {
      await waitFor(`the label in ${member}`, async () => {
        const after = await getJson<ServiceJson>(member, ['service', name, '-n', namespace]);
        return after?.metadata.labels?.tier === 'frontend' || after?.metadata.labels;
      }, 30_000);
      const after = await getJson<ServiceJson>(member, ['service', name, '-n', namespace]);
      expect(after?.spec.ports[0]?.nodePort).toBe(before[member]?.spec.ports[0]?.nodePort);
      expect(after?.spec.clusterIP).toBe(before[member]?.spec.clusterIP);
    }
  });

  test('the federated status lists every member load balancer address, sorted', async () => {
    const name = uniqueName('lb');
    await run(federation, ['create', 'service', 'loadbalancer', name, '-n', namespace, '--tcp=80:8080']);
    const addresses: Record<string, { ip?: string; hostname?: string }> = {
      gcek8s: { ip: '203.0.113.20' },
      awsk8s: { hostname: 'lb-1.elb.example.com' },
      azurek8s: { ip: '192.0.2.10' },
    };
    for (const member of members) {
      await waitFor(`${name} in ${member}`, async () => (await getJson(member, ['service', name, '-n', namespace])) !== undefined, 30_000);
      // As a cloud's load-balancer controller would.
      await run(member, ['patch', 'service', name, '-n', namespace, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { loadBalancer: { ingress: [addresses[member]] } } })]);
    }
    await waitFor('the aggregated load balancer status', async () => {
      const federated = await getJson<ServiceJson>(federation, ['service', name, '-n', namespace]);
      const ingress = (federated?.status?.loadBalancer?.ingress ?? []).map((entry) => entry.ip ?? entry.hostname);
      return JSON.stringify(ingress) === JSON.stringify(['lb-1.elb.example.com', '192.0.2.10', '203.0.113.20']) || ingress;
    }, 30_000);
  });
});

describe('Ingresses', () => {
  test('are propagated, and their members load-balancer addresses concatenated', async () => {
    const name = uniqueName('ingress');
    const ingress = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name, namespace },
      spec: { rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
    };
    await run(federation, ['create', '-f', '-'], JSON.stringify(ingress));
    for (const [index, member] of members.entries()) {
      await waitFor(`${name} in ${member}`, async () => (await getJson(member, ['ingress', name, '-n', namespace])) !== undefined, 30_000);
      await run(member, ['patch', 'ingress', name, '-n', namespace, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { loadBalancer: { ingress: [{ ip: `198.51.100.${index + 1}` }] } } })]);
    }
    await waitFor('every member address in the federated status', async () => {
      const federated = await getJson<ServiceJson>(federation, ['ingress', name, '-n', namespace]);
      return (federated?.status?.loadBalancer?.ingress ?? []).length === members.length || federated?.status;
    }, 30_000);
  });
});

describe('DaemonSets', () => {
  test('run on every node of every member and report their summed status', async () => {
    const name = uniqueName('agent');
    const daemonSet = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name, namespace },
      spec: {
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'agent', image: 'registry.example/agent:1' }] } },
      },
    };
    await run(federation, ['create', '-f', '-'], JSON.stringify(daemonSet));
    const nodes = state.clusters.filter((cluster) => cluster.role === 'member').reduce((sum, cluster) => sum + cluster.nodes, 0);
    await waitFor(`the federated DaemonSet to report ${nodes} ready pods`, async () => {
      const federated = await getJson<{ metadata: { generation: number }; status?: Record<string, number> }>(federation, ['daemonset', name, '-n', namespace]);
      const status = federated?.status ?? {};
      return (status.desiredNumberScheduled === nodes && status.numberReady === nodes && status.observedGeneration === federated?.metadata.generation) || status;
    }, 60_000);
    await run(federation, ['rollout', 'status', `daemonset/${name}`, '-n', namespace, '--timeout=60s']);
  });
});

describe('Secrets', () => {
  test('arrive whole in every member', async () => {
    const name = uniqueName('credentials');
    await run(federation, ['create', 'secret', 'generic', name, '-n', namespace, '--from-literal=user=admin', '--type=Opaque']);
    for (const member of members) {
      await waitFor(`${name} in ${member}`, async () => {
        const secret = await getJson<{ type: string; data?: Record<string, string> }>(member, ['secret', name, '-n', namespace]);
        return (secret?.type === 'Opaque' && secret.data?.user === Buffer.from('admin').toString('base64')) || secret;
      }, 30_000);
    }
  });
});
