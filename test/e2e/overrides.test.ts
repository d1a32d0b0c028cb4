// Per-cluster overrides as a user sees them: the seed's node-js Deployment with an image override for
// awsk8s and a pod-label override for gcek8s; an invalid annotation changes nothing and says why;
// removing the annotation returns both members to the template.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { load, loadAll } from 'js-yaml';
import type { KubeObject } from '../../src/core/objects.js';
import { overridesAnnotation } from '../../src/core/well-known.js';
import { clusterSelectorAnnotation } from '../../src/scheduling/cluster-selector.js';
import type { ControllerManager } from './support/controller-manager.js';
import { startSuite, stopSuite } from './support/suite.js';
import { events, getJson, run, uniqueName, waitFor } from './support/federation.js';
import { labKubeconfig, runProcess } from '../lab/lab-environment.js';

const namespace = uniqueName('overrides');
const name = 'node-js-deploy';
const template = 'jonbaier/pod-scaling:latest';
let federation: string;
let manager: ControllerManager;

interface Pod {
  metadata: { labels: Record<string, string> };
  status: { phase: string };
  spec: { containers: { image: string }[] };
}

interface DeploymentJson {
  metadata: { generation: number };
  spec: { template: { metadata: { labels: Record<string, string> }; spec: { containers: { image: string }[] } } };
}

const valid = JSON.stringify([
  { clusters: ['awsk8s'], image: [{ registry: 'mirror.example' }] },
  { clusters: ['gcek8s'], podLabels: { add: { region: 'europe-west1' } } },
]);

async function runningPods(cluster: string): Promise<Pod[]> {
  const list = await getJson<{ items: Pod[] }>(cluster, ['pods', '-n', namespace, '-l', `name=${name}`]);
  return (list?.items ?? []).filter((pod) => pod.status.phase === 'Running');
}

/** podsAre waits until a member runs Pods and every one of them passes the check. */
async function podsAre(cluster: string, what: string, check: (pod: Pod) => boolean): Promise<void> {
  await waitFor(`${cluster}'s Pods ${what}`, async () => {
    const pods = await runningPods(cluster);
    return (pods.length > 0 && pods.every(check)) || pods.map((pod) => ({ image: pod.spec.containers[0]?.image, labels: pod.metadata.labels }));
  }, 90_000);
}

const cli = fileURLToPath(new URL('../../bin/kubefed.js', import.meta.url));

const copyOf = (cluster: string) => getJson<DeploymentJson>(cluster, ['deployment', name, '-n', namespace]);

beforeAll(async () => {
  ({ federation, manager } = await startSuite(namespace, {
    prepare: (federation) => run(federation, ['label', 'cluster', 'gcek8s', 'awsk8s', 'overrides=true', '--overwrite']),
  }));
});

afterAll(async () => {
  await run(federation, ['label', 'cluster', '--all', 'overrides-']).catch(() => undefined);
  await stopSuite(federation, namespace, manager);
});

describe("per-cluster overrides on the seed's node-js Deployment", () => {
  test('awsk8s runs the overridden image and gcek8s Pods carry the overridden label', async () => {
    const seed = load(await readFile(fileURLToPath(new URL(`../../examples/seed/${name}-fed.yaml`, import.meta.url)), 'utf8')) as KubeObject;
    const annotations = { [clusterSelectorAnnotation]: '[{"key":"overrides","operator":"In","values":["true"]}]', [overridesAnnotation]: valid };
    const manifest = join(await mkdtemp(join(tmpdir(), 'kubefed-overrides-')), 'node-js-deploy.json');
    await writeFile(manifest, JSON.stringify({ ...seed, metadata: { ...seed.metadata, namespace, annotations } }));

    // kubefed plan -o yaml shows each member's copy before anything is created.
    const plan = await runProcess(process.execPath, [cli, 'plan', '-f', manifest, '-o', 'yaml', `--kubeconfig=${labKubeconfig()}`, `--context=${federation}`]);
    expect(plan).toMatchObject({ code: 0, stderr: '' });
    const planned = new Map(
      plan.stdout.split('\n---\n').map((document) => [/^# (\S+):/m.exec(document)?.[1], loadAll(document)[0] as DeploymentJson] as const),
    );
    expect([...planned.keys()].sort()).toEqual(['awsk8s', 'gcek8s']);
    expect(planned.get('awsk8s')?.spec.template.spec.containers[0]?.image).toBe(`mirror.example/${template}`);
    expect(planned.get('gcek8s')?.spec.template.metadata.labels).toEqual({ name, region: 'europe-west1' });

    await run(federation, ['create', '-f', manifest]);
    await podsAre('awsk8s', 'run mirror.example/jonbaier/pod-scaling:latest', (pod) => pod.spec.containers[0]?.image === `mirror.example/${template}` && !('region' in pod.metadata.labels));
    await podsAre('gcek8s', 'carry region=europe-west1', (pod) => pod.metadata.labels.region === 'europe-west1' && pod.spec.containers[0]?.image === template);
    // The federated object itself keeps the template.
    const federated = await getJson<DeploymentJson>(federation, ['deployment', name, '-n', namespace]);
    expect(federated?.spec.template.spec.containers[0]?.image).toBe(template);
  });

  test('an invalid annotation raises InvalidOverrides and leaves both copies as they were, the valid rule included', async () => {
    const before = { awsk8s: await copyOf('awsk8s'), gcek8s: await copyOf('gcek8s') };
    const invalid = JSON.stringify([
      { clusters: ['awsk8s'], image: [{ tag: 'v9' }] },
      { clusters: ['gcek8s'], patches: [{ op: 'replace', path: '/spec/template/spec/containers/0/workingDir', value: '/srv' }] },
    ]);
    await run(federation, ['annotate', 'deployment', name, '-n', namespace, '--overwrite', `${overridesAnnotation}=${invalid}`]);
    await waitFor('the InvalidOverrides Warning', async () => {
      const found = await events(federation, namespace, name);
      return found.some((line) => line.startsWith('Warning InvalidOverrides') && line.includes('/spec/template/spec/containers/0/workingDir does not exist (cluster gcek8s)')) || found;
    }, 30_000);
    for (const cluster of ['awsk8s', 'gcek8s'] as const) {
      const after = await copyOf(cluster);
      expect(after?.metadata.generation).toBe(before[cluster]?.metadata.generation);
      expect(after?.spec).toEqual(before[cluster]?.spec);
    }
    expect((await copyOf('awsk8s'))?.spec.template.spec.containers[0]?.image).toBe(`mirror.example/${template}`);
  });

  test('removing the annotation returns both members to the template', async () => {
    await run(federation, ['annotate', 'deployment', name, '-n', namespace, `${overridesAnnotation}-`]);
    await podsAre('awsk8s', `run ${template}`, (pod) => pod.spec.containers[0]?.image === template);
    await podsAre('gcek8s', 'carry no region label', (pod) => !('region' in pod.metadata.labels));
    for (const cluster of ['awsk8s', 'gcek8s']) {
      expect((await copyOf(cluster))?.spec.template.metadata.labels).toEqual({ name });
    }
  });
});
