// The lab is real: controllers schedule Pods onto kwok nodes, RBAC and TLS are enforced, and clusters can go away and come back.
import { chmod, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ApiException, AppsV1Api, CoreV1Api, KubeConfig, KubernetesObjectApi, PatchStrategy, type V1ConfigMap } from '@kubernetes/client-node';
import { findCluster, readLabState, startLab, startMember, stopMember, type LabState } from '../../src/cli/lab/index.js';
import { isRunning } from '../../src/cli/lab/processes.js';
import { labComponents } from '../../src/cli/lab/state.js';
import { kubectl, labDirectory, labKubeConfig, labState, waitFor } from '../lab/lab-environment.js';

const namespace = `lab-e2e-${Date.now().toString(36)}`;
let state: LabState;
let federation: string;
let workloadMember: string;

function pods(text: string): { name: string; phase: string; node: string }[] {
  const list = JSON.parse(text) as { items: { metadata: { name: string }; status: { phase?: string }; spec: { nodeName?: string } }[] };
  return list.items.map((pod) => ({ name: pod.metadata.name, phase: pod.status.phase ?? '', node: pod.spec.nodeName ?? '' }));
}

beforeAll(async () => {
  state = await labState();
  federation = state.federation;
  const member = state.clusters.find((cluster) => cluster.role === 'member' && cluster.workloads);
  if (member === undefined) {
    throw new Error('the lab has no member with workloads');
  }
  workloadMember = member.name;
  for (const cluster of state.clusters) {
    const created = await kubectl(cluster.name, ['create', 'namespace', namespace]);
    expect(created.stderr).toBe('');
  }
});

afterAll(async () => {
  // Runs even after a failed outage test, so the shared lab is left whole for the next suite.
  for (const cluster of state?.clusters ?? []) {
    await startMember(labDirectory(), cluster.name);
    await kubectl(cluster.name, ['delete', 'namespace', namespace, '--wait=false']);
  }
});

describe('the lab', () => {
  test('a Deployment in a member with workloads gets Running Pods on kwok nodes', async () => {
    const created = await kubectl(workloadMember, ['-n', namespace, 'create', 'deployment', 'web', '--image=registry.invalid/web:1', '--replicas=2']);
    expect(created).toMatchObject({ code: 0 });
    const nodes = await kubectl(workloadMember, ['get', 'nodes', '-l', 'type=kwok', '-o', 'jsonpath={.items[*].metadata.name}']);
    const kwokNodes = nodes.stdout.split(' ').filter((name) => name !== '');
    expect(kwokNodes.length).toBeGreaterThan(0);

    await waitFor(
      'two Running web Pods on kwok nodes',
      async () => {
        const listed = await kubectl(workloadMember, ['-n', namespace, 'get', 'pods', '-l', 'app=web', '-o', 'json']);
        const running = pods(listed.stdout).filter((pod) => pod.phase === 'Running' && kwokNodes.includes(pod.node));
        return running.length === 2 || pods(listed.stdout);
      },
      60_000,
    );
    await waitFor(
      'the Deployment reporting 2 ready replicas',
      async () => {
        const ready = await kubectl(workloadMember, ['-n', namespace, 'get', 'deployment', 'web', '-o', 'jsonpath={.status.readyReplicas}']);
        return ready.stdout === '2' || ready;
      },
      60_000,
    );
  });

  test('server-side apply through client-node against the federation API server is read back', async () => {
    const objects = KubernetesObjectApi.makeApiClient(labKubeConfig(federation));
    const desired: V1ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied', namespace }, data: { greeting: 'hello' } };
    await objects.patch(desired, undefined, undefined, 'lab-e2e', true, PatchStrategy.ServerSideApply);
    const read = await objects.read<V1ConfigMap>({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied', namespace } });
    expect(read.data).toEqual({ greeting: 'hello' });
    expect(read.metadata?.managedFields?.map((entry) => entry.manager)).toContain('lab-e2e');
  });

  test('a ServiceAccount token without any role is authenticated over verified TLS and forbidden to list', async () => {
    const admin = labKubeConfig(federation).makeApiClient(CoreV1Api);
    await admin.createNamespacedServiceAccount({ namespace, body: { metadata: { name: 'nobody' } } });
    const request = await admin.createNamespacedServiceAccountToken({ name: 'nobody', namespace, body: { spec: { audiences: [] } } });
    const token = request.status?.token ?? '';
    expect(token).not.toBe('');

    const cluster = findCluster(state, federation);
    const config = new KubeConfig();
    config.loadFromOptions({
      clusters: [{ name: federation, server: cluster.server, caData: Buffer.from(await readFile(cluster.certificateAuthority)).toString('base64') }],
      users: [{ name: `${federation}-nobody`, token }],
      contexts: [{ name: federation, cluster: federation, user: `${federation}-nobody` }],
      currentContext: federation,
    });
    const outcome = await config
      .makeApiClient(CoreV1Api)
      .listNamespacedConfigMap({ namespace })
      .then(() => 'allowed', (error: unknown) => error);
    expect(outcome).toBeInstanceOf(ApiException);
    expect((outcome as ApiException<unknown>).code).toBe(403);
    expect(String((outcome as ApiException<unknown>).body)).toContain(`system:serviceaccount:${namespace}:nobody`);
  });

  test('the federation API server runs no deployment controller', async () => {
    const manifest = (await kubectl(federation, ['-n', namespace, 'create', 'deployment', 'idle', '--image=registry.invalid/idle:1', '--dry-run=client', '-o', 'yaml'])).stdout;
    for (const cluster of [federation, workloadMember]) {
      expect(await kubectl(cluster, ['-n', namespace, 'apply', '-f', '-'], { input: manifest })).toMatchObject({ code: 0 });
    }
    // The member's controllers reacting proves enough time has passed for a deployment controller to act.
    const memberApps = labKubeConfig(workloadMember).makeApiClient(AppsV1Api);
    await waitFor(
      'a ReplicaSet for the member copy',
      async () => (await memberApps.listNamespacedReplicaSet({ namespace, labelSelector: 'app=idle' })).items.length === 1,
      60_000,
    );
    const federationApps = labKubeConfig(federation).makeApiClient(AppsV1Api);
    expect((await federationApps.listNamespacedReplicaSet({ namespace })).items).toEqual([]);
    const deployment = await federationApps.readNamespacedDeployment({ name: 'idle', namespace });
    expect(deployment.status?.observedGeneration).toBeUndefined();
    const manager = findCluster(state, federation).components.find((component) => component.component === 'kube-controller-manager');
    expect(manager?.command).toContain('--controllers=namespace-controller,serviceaccount-controller,serviceaccount-token-controller,clusterrole-aggregation-controller');
  });

  test('stopMember takes a cluster away and startMember brings it back with its data; a taken port is reported', async () => {
    const member = state.clusters.find((cluster) => cluster.role === 'member' && cluster.name !== workloadMember)?.name ?? workloadMember;
    const core = (): CoreV1Api => labKubeConfig(member).makeApiClient(CoreV1Api);
    await core().createNamespacedConfigMap({ namespace, body: { metadata: { name: 'kept' }, data: { survives: 'yes' } } });

    await stopMember(labDirectory(), member);
    const unreachable = await core()
      .listNamespacedConfigMap({ namespace })
      .then(() => 'still answering', (error: unknown) => (error as Error).message);
    expect(unreachable).toMatch(/ECONNREFUSED|fetch failed|connect/i);

    const port = Number(new URL(findCluster(state, member).server).port);
    // The member's controllers keep reconnecting to the port; drop them at once so that close() does not wait for them.
    const squatter: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      await expect(startMember(labDirectory(), member)).rejects.toThrow(new RegExp(`kube-apiserver of ${member} .*${port} is in use; see .*${member}-kube-apiserver\\.log`));
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }

    await startMember(labDirectory(), member);
    const kept = await core().readNamespacedConfigMap({ name: 'kept', namespace });
    expect(kept.data).toEqual({ survives: 'yes' });
    const restarted = await readLabState(labDirectory());
    const apiServer = restarted && findCluster(restarted, member).components.find((component) => component.component === 'kube-apiserver');
    expect(apiServer && (await isRunning(apiServer))).toBe(true);
  });
});

describe('lab up refuses bad input and leaves nothing running', () => {
  const temporary: string[] = [];
  async function temporaryDirectory(prefix: string): Promise<string> {
    const directory = await mkdtemp(path.join(tmpdir(), prefix));
    temporary.push(directory);
    return directory;
  }
  afterAll(async () => {
    await Promise.all(temporary.map((directory) => rm(directory, { recursive: true, force: true })));
  });

  async function binariesWith(broken: Record<string, string | null>): Promise<string> {
    const directory = await temporaryDirectory('kubefed-binaries-');
    for (const name of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok', 'kwok-stages.yaml']) {
      const replacement = broken[name];
      if (replacement === null) {
        continue;
      }
      if (replacement === undefined) {
        await symlink(path.join(state.binaries, name), path.join(directory, name));
      } else {
        await writeFile(path.join(directory, name), replacement);
        await chmod(path.join(directory, name), 0o755);
      }
    }
    return directory;
  }

  async function nothingRunning(directory: string): Promise<void> {
    const recorded = await readLabState(directory);
    for (const { component } of recorded === undefined ? [] : labComponents(recorded)) {
      expect(await isRunning(component)).toBe(false);
    }
  }

  test('a directory whose lab still runs', async () => {
    const before = await readLabState(labDirectory());
    await expect(startLab({ dir: labDirectory(), federation: 'f', members: [], workloads: false, nodes: 0 })).rejects.toThrow(/still running/);
    expect(await readLabState(labDirectory())).toEqual(before);
  });

  test('a missing binary', async () => {
    const directory = await temporaryDirectory('kubefed-lab-bad-');
    const binaries = await binariesWith({ 'kube-scheduler': null });
    await expect(startLab({ dir: directory, federation: 'f', members: ['m'], workloads: true, nodes: 1, binaries })).rejects.toThrow(
      /^kube-scheduler: no executable .*kube-scheduler/,
    );
    expect(await readLabState(directory)).toBeUndefined();
  });

  test('a component that dies at start', async () => {
    const directory = await temporaryDirectory('kubefed-lab-bad-');
    const binaries = await binariesWith({ 'kube-controller-manager': '#!/bin/sh\necho "F0000 refusing to start in this test" >&2\nexit 3\n' });
    const failure = startLab({ dir: directory, federation: 'f', members: [], workloads: false, nodes: 0, binaries });
    await expect(failure).rejects.toThrow(
      /^kube-controller-manager of f exited with code 3 while starting; see .*f-kube-controller-manager\.log: F0000 refusing to start in this test$/,
    );
    await nothingRunning(directory);
  });
});
