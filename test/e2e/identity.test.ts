// Two federations started with the same name that share a member: the second cannot join it, and when
// both manage copies there anyway (credentials copied by hand, or joined before ids existed), neither
// touches the other's. Copies made before ids are claimed by the next join of the recorded federation.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { dumpYaml, loadYaml } from '@kubernetes/client-node';
import { startLab, stopLab } from '../../src/cli/lab/index.js';
import { federationIdLabel, managedByLabel } from '../../src/core/well-known.js';
import { runProcess } from '../lab/lab-environment.js';
import { ControllerManager, fastFlags } from './support/controller-manager.js';
import { events, getJson, run, uniqueName, waitFor } from './support/federation.js';
import { startSuite, stopSuite, type Suite } from './support/suite.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const namespace = uniqueName('identity');
const second = 'second-federation';
let suite: Suite;
let secondLab: string;
let kubeconfig: string;
let secondManager: ControllerManager | undefined;

interface KubeconfigDocument {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  users: { name: string; user: Record<string, unknown> }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
}

/** kubefed runs the CLI with the kubeconfig that holds both federations. */
const kubefed = (args: string[]) => runProcess(process.execPath, [path.join(root, 'bin', 'kubefed.js'), ...args, `--kubeconfig=${kubeconfig}`], { cwd: root });
/** on runs kubectl with that kubeconfig, against the second federation or any lab cluster. */
async function on(context: string, args: string[], input?: string): Promise<string> {
  const result = await runProcess(process.env.KUBECTL ?? 'kubectl', [`--kubeconfig=${kubeconfig}`, `--context=${context}`, ...args], { input });
  if (result.code !== 0) {
    throw new Error(`kubectl --context=${context} ${args.join(' ')}: ${result.stderr.trim()}`);
  }
  return result.stdout;
}
const federationId = async (context: string) => (await on(context, ['get', 'namespace', 'kube-system', '-o', 'jsonpath={.metadata.uid}'])).trim();
const labels = async (name: string) => (await getJson<{ metadata: { labels?: Record<string, string> } }>('gcek8s', ['configmap', name, '-n', namespace]))?.metadata.labels;

beforeAll(async () => {
  suite = await startSuite(namespace);
  // A second federation API server, named like the first: another lab with no members.
  secondLab = await mkdtemp(path.join(tmpdir(), 'kubefed-second-'));
  await startLab({ dir: secondLab, federation: suite.federation, members: [], workloads: false, nodes: 0 });
  const merged = loadYaml<KubeconfigDocument>(await readFile(suite.state.kubeconfig, 'utf8'));
  const other = loadYaml<KubeconfigDocument>(await readFile(path.join(secondLab, 'kubeconfig'), 'utf8'));
  merged.clusters.push({ name: second, cluster: other.clusters[0]!.cluster });
  merged.users.push({ name: second, user: other.users[0]!.user });
  merged.contexts.push({ name: second, context: { cluster: second, user: second } });
  kubeconfig = path.join(await mkdtemp(path.join(tmpdir(), 'kubefed-identity-')), 'kubeconfig');
  await writeFile(kubeconfig, dumpYaml(merged), { mode: 0o600 });
}, 180_000);

afterAll(async () => {
  await secondManager?.stop();
  await stopLab(secondLab).catch(() => undefined);
  await rm(secondLab, { recursive: true, force: true });
  await stopSuite(suite?.federation, namespace, suite?.manager);
});

describe('a second federation with the same name', () => {
  test('cannot join a member of the first, and is told whose the member is', async () => {
    const first = await federationId(suite.federation);
    const result = await kubefed(['join', 'gcek8s', '--host-cluster-context=gcek8s', `--context=${second}`, `--federation-name=${suite.federation}`]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    const server = suite.state.clusters.find((cluster) => cluster.role === 'federation')?.server;
    expect(result.stderr).toContain(`error: cluster gcek8s is already joined to another federation named ${suite.federation} (id ${first}, API server ${server}, joined `);
    expect(result.stderr).toContain(`from context ${suite.federation}; this federation's id is ${await federationId(second)})`);
    expect(result.stderr).not.toMatch(/token|BEGIN/i);
    // Nothing was made: no Cluster API, no credentials in the second federation; the member still records the first.
    expect((await runProcess('kubectl', [`--kubeconfig=${kubeconfig}`, `--context=${second}`, 'get', 'secrets', '-n', 'federation-system', '-o', 'name'])).stdout).toBe('');
    const record = await getJson<{ data: Record<string, string> }>('gcek8s', ['configmap', `kubefed-federation-${suite.federation}`, '-n', 'federation-system']);
    expect(record?.data.federationId).toBe(first);
  });

  test("neither federation touches the other's copies, though both run under the same name", async () => {
    const [firstId, secondId] = [await federationId(suite.federation), await federationId(second)];
    // The second federation gets gcek8s's credentials by hand, as an operator bypassing join might.
    await on(second, ['apply', '--server-side', '-f', path.join(root, 'manifests', 'crds', 'federation.kubefed.dev_clusters.yaml')]);
    await on(second, ['wait', '--for=condition=Established', 'crd/clusters.federation.kubefed.dev']);
    await on(second, ['create', 'namespace', 'federation-system']);
    const secret = await getJson<{ data: Record<string, string> }>(suite.federation, ['secret', 'gcek8s-kubefed', '-n', 'federation-system']);
    await on(second, ['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'gcek8s-kubefed', namespace: 'federation-system' }, data: secret?.data }));
    const cluster = await getJson<{ spec: unknown }>(suite.federation, ['cluster', 'gcek8s']);
    await on(second, ['create', '-f', '-'], JSON.stringify({ apiVersion: 'federation.kubefed.dev/v1beta1', kind: 'Cluster', metadata: { name: 'gcek8s' }, spec: cluster?.spec }));
    secondManager = await ControllerManager.start({ kubeconfig, context: second, flags: fastFlags });
    await on(second, ['create', 'namespace', namespace]);
    await on(second, ['create', 'configmap', 'theirs', '-n', namespace, '--from-literal=owner=second']);
    await waitFor('the second federation’s copy in gcek8s', async () => (await labels('theirs'))?.[federationIdLabel] === secondId, 30_000);

    // The first federation's copy stays out of the second's way and vice versa.
    await run(suite.federation, ['create', 'configmap', 'mine', '-n', namespace, '--from-literal=owner=first']);
    await waitFor('the first federation’s copy in gcek8s', async () => (await labels('mine'))?.[federationIdLabel] === firstId, 30_000);
    expect((await labels('theirs'))?.[managedByLabel]).toBe((await labels('mine'))?.[managedByLabel]);
    const mine = await getJson<{ metadata: { resourceVersion: string } }>('gcek8s', ['configmap', 'mine', '-n', namespace]);

    // The first federation asked for an object of the same name: a clash, reported, not a takeover.
    await run(suite.federation, ['create', 'configmap', 'theirs', '-n', namespace, '--from-literal=owner=first']);
    await waitFor('an AlreadyExistsInCluster warning naming the other federation', async () => {
      const seen = await events(suite.federation, namespace, 'theirs');
      return seen.some((line) => line.includes(`is managed by another federation named ${suite.federation} (id ${secondId}`)) || seen;
    }, 30_000);
    // Deleted there, it deletes nothing that is not the first federation's.
    await run(suite.federation, ['delete', 'configmap', 'theirs', '-n', namespace]);
    await waitFor('the first federation’s object gone', async () => (await getJson(suite.federation, ['configmap', 'theirs', '-n', namespace])) === undefined, 30_000);
    // A sweep of the first federation ran after that delete: a copy of its own without a source goes.
    await run('gcek8s', ['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'swept', namespace, labels: { [managedByLabel]: suite.federation, [federationIdLabel]: firstId } } }));
    await waitFor('the first federation to sweep its sourceless copy', async () => (await getJson('gcek8s', ['configmap', 'swept', '-n', namespace])) === undefined, 30_000);
    expect(await getJson<{ data: Record<string, string> }>('gcek8s', ['configmap', 'theirs', '-n', namespace])).toMatchObject({ data: { owner: 'second' } });

    // The second federation still manages its copy, and never touched the first's.
    await on(second, ['patch', 'configmap', 'theirs', '-n', namespace, '--type=merge', '-p', '{"data":{"owner":"second, updated"}}']);
    await waitFor('the update of the second federation in gcek8s', async () => (await getJson<{ data: Record<string, string> }>('gcek8s', ['configmap', 'theirs', '-n', namespace]))?.data.owner === 'second, updated', 30_000);
    await on(second, ['delete', 'configmap', 'theirs', '-n', namespace]);
    await waitFor('the second federation’s copy deleted by it', async () => (await getJson('gcek8s', ['configmap', 'theirs', '-n', namespace])) === undefined, 30_000);
    expect((await getJson<{ metadata: { resourceVersion: string } }>('gcek8s', ['configmap', 'mine', '-n', namespace]))?.metadata.resourceVersion).toBe(mine?.metadata.resourceVersion);
    expect(secondManager.lines.filter((line) => line.name === 'mine')).toEqual([]);
    await secondManager.stop();
    secondManager = undefined;
  });
});

describe('copies made before copies carried the federation id', () => {
  test('are left alone by the controller-manager, and claimed by the next join where the federation holds their source', async () => {
    const legacy = { [managedByLabel]: suite.federation };
    await run('gcek8s', ['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'legacy', namespace, labels: legacy }, data: { version: 'old' } }));
    await run('gcek8s', ['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'sourceless', namespace, labels: legacy }, data: { version: 'old' } }));
    await run(suite.federation, ['create', 'configmap', 'legacy', '-n', namespace, '--from-literal=version=new']);
    await waitFor('a warning that sends the operator to kubefed join', async () => {
      const seen = await events(suite.federation, namespace, 'legacy');
      return seen.some((line) => /carries no federation id .*run kubefed join again for this cluster/.test(line)) || seen;
    }, 30_000);
    expect(await getJson<{ data: Record<string, string> }>('gcek8s', ['configmap', 'legacy', '-n', namespace])).toMatchObject({ data: { version: 'old' } });

    const joined = await kubefed(['join', 'gcek8s', '--host-cluster-context=gcek8s', `--context=${suite.federation}`]);
    expect(joined.code).toBe(0);
    expect(joined.stdout).toMatch(/claimed 1 copies made before federation ids/);
    expect(joined.stderr).toContain(`1 copies labelled managed-by=${suite.federation} have no source in this federation and were left alone`);
    expect(joined.stderr).toContain(`ConfigMap ${namespace}/sourceless`);
    await waitFor('the claimed copy managed again', async () => (await getJson<{ data: Record<string, string> }>('gcek8s', ['configmap', 'legacy', '-n', namespace]))?.data.version === 'new', 30_000);
    expect((await labels('legacy'))?.[federationIdLabel]).toBe(await federationId(suite.federation));
    expect(await labels('sourceless')).toEqual(legacy);
    await run('gcek8s', ['delete', 'configmap', 'sourceless', '-n', namespace]);
  });
});
