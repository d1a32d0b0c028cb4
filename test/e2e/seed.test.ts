// The README's seed walkthrough, file by file, on two members as in the seed chapter.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { LabState } from '../../src/cli/lab/index.js';
import { ControllerManager, fastFlags } from './support/controller-manager.js';
import { getJson, joinedLab, run, waitFor } from './support/federation.js';
import { record } from './support/recording.js';

const examples = (file: string) => fileURLToPath(new URL(`../../examples/seed/${file}`, import.meta.url));
const cli = fileURLToPath(new URL('../../bin/kubefed.js', import.meta.url));
let state: LabState;
let federation: string;
let manager: ControllerManager;

const kubefed = (args: string[]) =>
  new Promise<void>((resolve, reject) =>
    execFile(process.execPath, [cli, ...args, `--kubeconfig=${state.kubeconfig}`], (error, _stdout, stderr) => (error ? reject(new Error(stderr)) : resolve())),
  );
const pods = async (cluster: string, selector: string) =>
  ((await getJson<{ items: { status: { phase: string } }[] }>(cluster, ['pods', '-n', 'default', '-l', selector]))?.items ?? []).filter((pod) => pod.status.phase === 'Running').length;

beforeAll(async () => {
  state = await joinedLab();
  federation = state.federation;
  // The seed federates two clusters; the test lab has a third, which sits this walkthrough out.
  await kubefed(['unjoin', 'azurek8s', `--context=${federation}`]);
  manager = await ControllerManager.start({ flags: fastFlags });
});

afterAll(async () => {
  for (const file of ['hipaa-configmap.yaml', 'fedjob.yaml', 'node-hpa-fed.yaml', 'nodejs-deploy.yaml', 'configmap-rs-fed.yaml', 'configmap-fed.yaml', 'node-js-deploy-fed.yaml']) {
    await run(federation, ['delete', '-n', 'default', '--ignore-not-found', '-f', examples(file)]).catch(() => undefined);
  }
  await run(federation, ['label', 'cluster', '--all', 'hipaa-', 'environment-']).catch(() => undefined);
  await manager?.stop();
  await kubefed(['join', 'azurek8s', '--host-cluster-context=gcek8s', `--context=${federation}`]);
});

describe('the seed walkthrough', () => {
  test('node-js-deploy: no pods in the federation, 2 + 1 in the members, rollout status completes', async () => {
    await run(federation, ['create', '-n', 'default', '-f', examples('node-js-deploy-fed.yaml')]);
    await run(federation, ['rollout', 'status', 'deployment/node-js-deploy', '-n', 'default', '--timeout=90s']);
    expect(await pods(federation, 'name=node-js-deploy')).toBe(0);
    expect([await pods('gcek8s', 'name=node-js-deploy'), await pods('awsk8s', 'name=node-js-deploy')].sort()).toEqual([1, 2]);
    const described = await run(federation, ['describe', 'deployment', 'node-js-deploy', '-n', 'default']);
    // One Event for the members that did the same: "Created deployment "default/node-js-deploy" in clusters awsk8s, gcek8s".
    expect(described).toMatch(/CreateInCluster .*in clusters? [^\n]*\bgcek8s\b/);
    expect(described).toMatch(/CreateInCluster .*in clusters? [^\n]*\bawsk8s\b/);
  });

  test('the ConfigMap and the ReplicaSet that mounts it reach both clusters', async () => {
    await run(federation, ['create', '-f', examples('configmap-fed.yaml')]);
    await run(federation, ['create', '-n', 'default', '-f', examples('configmap-rs-fed.yaml')]);
    for (const member of ['gcek8s', 'awsk8s']) {
      await waitFor(`my-application-config in ${member}`, async () => (await getJson(member, ['configmap', 'my-application-config', '-n', 'default'])) !== undefined, 30_000);
    }
    await waitFor('3 node-js-rs pods in all', async () => (await pods('gcek8s', 'name=node-js-configmap-rs')) + (await pods('awsk8s', 'name=node-js-configmap-rs')) === 3, 60_000);
  });

  test("the HPA's min 5 / max 20 is split {3,10} and {2,10}", async () => {
    // The members' HPA controllers report status within seconds and v1's split may then move bounds toward
    // a member that wants more, so the split is read from the first version each member received.
    const recordings = await Promise.all(['gcek8s', 'awsk8s'].map((member) => record(member, '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers')));
    await run(federation, ['create', '-f', examples('nodejs-deploy.yaml'), '-f', examples('node-hpa-fed.yaml')]);
    const bounds: string[] = [];
    try {
      for (const recording of recordings) {
        await waitFor(`the HPA in ${recording.cluster}`, () => Promise.resolve(recording.of('nodejs').length > 0), 30_000);
        const spec = recording.of('nodejs')[0]?.object.spec as { minReplicas: number; maxReplicas: number };
        bounds.push(`${spec.minReplicas}/${spec.maxReplicas}`);
      }
    } finally {
      await Promise.all(recordings.map((recording) => recording.stop()));
    }
    expect(bounds.sort()).toEqual(['2/10', '3/10']);
  });

  test("the seed's cluster selector keeps the ConfigMap out of the nonprod cluster", async () => {
    await run(federation, ['label', 'cluster', 'gcek8s', 'awsk8s', 'hipaa=true', '--overwrite']);
    await run(federation, ['label', 'cluster', 'awsk8s', 'environment=nonprod', '--overwrite']);
    await run(federation, ['create', '-f', examples('hipaa-configmap.yaml')]);
    await waitFor('hipaa-settings in gcek8s', async () => (await getJson('gcek8s', ['configmap', 'hipaa-settings', '-n', 'default'])) !== undefined, 30_000);
    expect(await getJson('awsk8s', ['configmap', 'hipaa-settings', '-n', 'default'])).toBeUndefined();
  });

  test('the federated Job completes, and deleting the HPA deletes the member HPAs', async () => {
    await run(federation, ['create', '-n', 'default', '-f', examples('fedjob.yaml')]);
    await run(federation, ['wait', '--for=condition=Complete', 'job/fedjob', '-n', 'default', '--timeout=90s']);
    await run(federation, ['delete', 'hpa', 'nodejs', '-n', 'default']);
    for (const member of ['gcek8s', 'awsk8s']) {
      await waitFor(`the HPA gone from ${member}`, async () => (await getJson(member, ['hpa', 'nodejs', '-n', 'default'])) === undefined, 30_000);
    }
  });
});
