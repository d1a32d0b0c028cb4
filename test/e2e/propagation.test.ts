// Propagation as a user sees it with kubectl: the seed's ConfigMap walkthrough, cluster selectors,
// deletion (cascade, orphan, namespaces), drift repair, name clashes and adoption.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { ControllerManager } from './support/controller-manager.js';
import { startSuite, stopSuite } from './support/suite.js';
import { events, getJson, names, run, uniqueName, waitFor } from './support/federation.js';
import { createAdapters } from '../../src/controllers/kinds/index.js';
import type { KubeObject } from '../../src/core/objects.js';
import { propagationFinalizer } from '../../src/core/well-known.js';

const seedSelector = '[{"key": "hipaa", "operator": "In", "values": ["true"]}, {"key": "environment", "operator": "NotIn", "values": ["nonprod"]}]';
const namespace = uniqueName('propagation');
let federation: string;
let members: string[];
let manager: ControllerManager;

interface ConfigMapJson {
  data?: Record<string, string>;
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
}

const configMap = (name: string, data: Record<string, string>, annotations: Record<string, string> = {}, ns = namespace) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, annotations }, data });

const dataIn = async (cluster: string, name: string, ns = namespace) => (await getJson<ConfigMapJson>(cluster, ['configmap', name, '-n', ns]))?.data;

beforeAll(async () => {
  ({ federation, members, manager } = await startSuite(namespace, {
    prepare: async (federation) => {
      await run(federation, ['label', 'cluster', 'gcek8s', 'awsk8s', 'azurek8s', 'hipaa=true', '--overwrite']);
      await run(federation, ['label', 'cluster', 'azurek8s', 'environment=nonprod', '--overwrite']);
    },
  }));
});

afterAll(async () => {
  await run(federation, ['label', 'cluster', '--all', 'hipaa-', 'environment-']).catch(() => undefined);
  await stopSuite(federation, namespace, manager);
});

describe('the seed walkthrough: a federated ConfigMap', () => {
  const seedName = uniqueName('my-application-config');

  test('is created in every member with the same data, and updates follow', async () => {
    await run(federation, ['create', '-f', '-'], configMap(seedName, { 'backend-service.url': 'my-backend-service' }, {}, 'default'));
    const federated = await run(federation, ['get', 'configmap', seedName, '-n', 'default', '-o', 'yaml']);
    expect(federated).toContain('backend-service.url: my-backend-service');
    for (const member of ['gcek8s', 'awsk8s']) {
      await waitFor(`${seedName} in ${member}`, async () => {
        const data = await dataIn(member, seedName, 'default');
        return data?.['backend-service.url'] === 'my-backend-service' || data;
      }, 30_000);
    }
    await run(federation, ['patch', 'configmap', seedName, '-n', 'default', '--type=merge', '-p', '{"data":{"backend-service.url":"my-new-backend"}}']);
    for (const member of members) {
      await waitFor(`the update in ${member}`, async () => (await dataIn(member, seedName, 'default'))?.['backend-service.url'] === 'my-new-backend', 30_000);
    }
  });

  test('kubectl describe and get events in the federation show what happened in each cluster', async () => {
    // The members' creates are reported together: an Event lists the members that finished within the same moment
    // (one Event for all of them on an idle lab; a member lagging by more than the summary's wait gets its own).
    await waitFor('CreateInCluster events naming every member, together', async () => {
      const described = await run(federation, ['describe', 'configmap', seedName, '-n', 'default']);
      const named = described
        .split('\n')
        .filter((line) => /\bCreateInCluster\b/.test(line))
        .map((line) => /in clusters? (.*)$/.exec(line.trim())?.[1]?.split(', ') ?? []);
      const together = named.some((clusters) => clusters.length > 1);
      return (together && [...members].every((member) => named.some((clusters) => clusters.includes(member)))) || described;
    }, 30_000);
    const all = await run(federation, ['get', 'events', '-n', 'default']);
    expect(all).toMatch(/UpdateInCluster/);
    expect(all).toContain(`configmap/${seedName}`);
    await run(federation, ['delete', 'configmap', seedName, '-n', 'default']);
  });
});

describe('removals', () => {
  test('a key or label removed from the federated object is removed in every member (kubefed owns what it set at creation)', async () => {
    const name = uniqueName('shrinking');
    const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels: { tier: 'web', team: 'a' } }, data: { keep: '1', drop: '2' } };
    await run(federation, ['create', '-f', '-'], JSON.stringify(object));
    for (const member of members) {
      await waitFor(`${name} in ${member}`, async () => (await dataIn(member, name))?.drop === '2', 30_000);
    }
    await run(federation, ['patch', 'configmap', name, '-n', namespace, '--type=json', '-p', '[{"op":"remove","path":"/data/drop"},{"op":"remove","path":"/metadata/labels/team"}]']);
    for (const member of members) {
      await waitFor(`the removals in ${member}`, async () => {
        const copy = await getJson<ConfigMapJson>(member, ['configmap', name, '-n', namespace]);
        return (JSON.stringify(copy?.data) === '{"keep":"1"}' && copy?.metadata.labels?.team === undefined && copy?.metadata.labels?.tier === 'web') || copy;
      }, 30_000);
    }
  });
});

describe('the cluster selector', () => {
  test("the seed's selector keeps an object out of a cluster labelled environment=nonprod, and follows label changes", async () => {
    const name = uniqueName('hipaa');
    await run(federation, ['create', '-f', '-'], configMap(name, { a: '1' }, { 'federation.alpha.kubernetes.io/cluster-selector': seedSelector }));
    for (const member of ['gcek8s', 'awsk8s']) {
      await waitFor(`${name} in ${member}`, async () => (await dataIn(member, name)) !== undefined, 30_000);
    }
    expect(await dataIn('azurek8s', name)).toBeUndefined();
    await run(federation, ['label', 'cluster', 'azurek8s', 'environment=prod', '--overwrite']);
    await waitFor(`${name} reaching azurek8s once it is prod`, async () => (await dataIn('azurek8s', name)) !== undefined, 30_000);
    await run(federation, ['label', 'cluster', 'azurek8s', 'environment=nonprod', '--overwrite']);
    await waitFor(`${name} leaving azurek8s once it is nonprod again`, async () => (await dataIn('azurek8s', name)) === undefined, 30_000);
  });

  test('an invalid selector is a Warning event; the object goes nowhere and others keep flowing', async () => {
    const bad = uniqueName('bad-selector');
    const good = uniqueName('good');
    await run(federation, ['create', '-f', '-'], configMap(bad, { a: '1' }, { 'federation.alpha.kubernetes.io/cluster-selector': '[{"key":"hipaa","operator":"Sometimes","values":["true"]}]' }));
    await run(federation, ['create', '-f', '-'], configMap(good, { a: '1' }));
    await waitFor('an InvalidClusterSelector warning naming the operator', async () => {
      const found = await events(federation, namespace, bad);
      return found.some((line) => line.startsWith('Warning InvalidClusterSelector') && line.includes('"Sometimes"')) || found;
    }, 30_000);
    for (const member of members) {
      await waitFor(`${good} in ${member}`, async () => (await dataIn(member, good)) !== undefined, 30_000);
      expect(await dataIn(member, bad)).toBeUndefined();
    }
  });
});

describe('deletion', () => {
  const createEverywhere = async (name: string, annotations: Record<string, string> = {}) => {
    await run(federation, ['create', '-f', '-'], configMap(name, { a: '1' }, annotations));
    for (const member of members) {
      await waitFor(`${name} in ${member}`, async () => (await dataIn(member, name)) !== undefined, 30_000);
    }
  };

  test('kubectl delete removes the object from every member', async () => {
    const name = uniqueName('cascade');
    await createEverywhere(name);
    await run(federation, ['delete', 'configmap', name, '-n', namespace]);
    for (const member of members) {
      await waitFor(`${name} gone from ${member}`, async () => (await dataIn(member, name)) === undefined, 30_000);
    }
  });

  test('--cascade=orphan and the orphan annotation keep member copies, no longer managed', async () => {
    const orphaned = uniqueName('orphan');
    const annotated = uniqueName('orphan-annotation');
    await createEverywhere(orphaned);
    await createEverywhere(annotated, { 'federation.kubefed.dev/orphan': 'true' });
    await run(federation, ['delete', 'configmap', orphaned, '-n', namespace, '--cascade=orphan']);
    await run(federation, ['delete', 'configmap', annotated, '-n', namespace]);
    for (const name of [orphaned, annotated]) {
      await waitFor(`${name} gone from the federation`, async () => (await getJson(federation, ['configmap', name, '-n', namespace])) === undefined, 30_000);
      for (const member of members) {
        await waitFor(`${name} in ${member} without kubefed's label`, async () => {
          const copy = await getJson<ConfigMapJson>(member, ['configmap', name, '-n', namespace]);
          return (copy !== undefined && copy.metadata.labels?.['federation.kubefed.dev/managed-by'] === undefined) || copy?.metadata;
        }, 30_000);
      }
    }
  });

  test('deleting a federated namespace deletes it, with its contents, in every member', async () => {
    const doomed = uniqueName('doomed');
    await run(federation, ['create', 'namespace', doomed]);
    await run(federation, ['create', '-f', '-'], configMap('inside', { a: '1' }, {}, doomed));
    for (const member of members) {
      await waitFor(`inside in ${member}`, async () => (await dataIn(member, 'inside', doomed)) !== undefined, 30_000);
    }
    await run(federation, ['delete', 'namespace', doomed, '--wait=false']);
    await waitFor('the federated namespace to be gone', async () => (await getJson(federation, ['namespace', doomed])) === undefined, 60_000);
    for (const member of members) {
      await waitFor(`namespace ${doomed} deleted in ${member}`, async () => {
        const found = await getJson<{ status?: { phase?: string } }>(member, ['namespace', doomed]);
        return found === undefined || found.status?.phase === 'Terminating';
      }, 30_000);
    }
  });
});

describe('drift, clashes and adoption', () => {
  test('an edit or delete of a copy in a member is repaired; labels the member added stay', async () => {
    const name = uniqueName('drift');
    await run(federation, ['create', '-f', '-'], configMap(name, { key: 'federated' }));
    await waitFor(`${name} in awsk8s`, async () => (await dataIn('awsk8s', name)) !== undefined, 30_000);
    await run('awsk8s', ['patch', 'configmap', name, '-n', namespace, '--type=merge', '-p', '{"data":{"key":"edited"},"metadata":{"labels":{"team":"local"}}}']);
    await waitFor('the edit repaired', async () => {
      const copy = await getJson<ConfigMapJson>('awsk8s', ['configmap', name, '-n', namespace]);
      return (copy?.data?.key === 'federated' && copy.metadata.labels?.team === 'local') || copy;
    }, 30_000);
    await run('awsk8s', ['delete', 'configmap', name, '-n', namespace]);
    await waitFor('the deleted copy recreated', async () => (await dataIn('awsk8s', name))?.key === 'federated', 30_000);
    await waitFor('a repair event', async () => (await events(federation, namespace, name)).some((line) => line.includes('repaired a change made in the member')), 30_000);
  });

  test("a same-name object kubefed did not create is left alone with a Warning, until adoption is asked for", async () => {
    const name = uniqueName('clash');
    await run('gcek8s', ['create', 'configmap', name, '-n', namespace, '--from-literal=owner=local']);
    await run('azurek8s', ['create', 'configmap', name, '-n', namespace, '--from-literal=owner=local']);
    // azurek8s is not selected (nonprod): its same-name object must not be deleted either.
    await run(federation, ['create', '-f', '-'], configMap(name, { owner: 'federation' }, { 'federation.alpha.kubernetes.io/cluster-selector': seedSelector }));
    await waitFor(`${name} in awsk8s`, async () => (await dataIn('awsk8s', name))?.owner === 'federation', 30_000);
    await waitFor('an AlreadyExistsInCluster warning for gcek8s', async () => {
      const found = await events(federation, namespace, name);
      return found.some((line) => line.startsWith('Warning AlreadyExistsInCluster') && line.includes('gcek8s')) || found;
    }, 30_000);
    const local = await getJson<ConfigMapJson>('gcek8s', ['configmap', name, '-n', namespace]);
    expect(local?.data).toEqual({ owner: 'local' });
    expect(local?.metadata.labels?.['federation.kubefed.dev/managed-by']).toBeUndefined();
    expect((await dataIn('azurek8s', name))?.owner).toBe('local');

    await run(federation, ['annotate', 'configmap', name, '-n', namespace, 'federation.kubefed.dev/adopt=true']);
    await waitFor('gcek8s copy adopted', async () => {
      const adopted = await getJson<ConfigMapJson>('gcek8s', ['configmap', name, '-n', namespace]);
      return (adopted?.data?.owner === 'federation' && adopted.metadata.labels?.['federation.kubefed.dev/managed-by'] === federation) || adopted;
    }, 30_000);
    await run(federation, ['delete', 'configmap', name, '-n', namespace]);
    await waitFor('adopted copy deleted with the federated object', async () => (await dataIn('gcek8s', name)) === undefined, 30_000);
    expect((await dataIn('azurek8s', name))?.owner).toBe('local');
  });
});

describe('with everything in sync', () => {
  test('every member holds exactly the federated ConfigMaps of the namespace', async () => {
    const federated = (await names(federation, 'configmaps', namespace)).filter((name) => name !== 'kube-root-ca.crt');
    for (const member of ['gcek8s', 'awsk8s']) {
      await waitFor(`${member} to hold exactly the federated set (less unselected objects)`, async () => {
        const held = await names(member, 'configmaps', namespace, 'federation.kubefed.dev/managed-by');
        return held.every((name) => federated.includes(name)) || held;
      }, 30_000);
    }
  });
});

describe('kubefed’s finalizer', () => {
  const adapters = createAdapters({ unschedulableThresholdMs: 60_000, hpaScaleForbiddenWindowMs: 120_000 });
  const adapterOf = (object: KubeObject) => Object.values(adapters).find((adapter) => adapter.type.kind === object.kind);
  const hasFinalizer = (object: KubeObject) => (object.metadata.finalizers ?? []).includes(propagationFinalizer);
  const name = uniqueName('finalized');
  const podTemplate = { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'registry.example/web:1' }] } };
  /** Objects of the built-in kinds, federated and not, with whether kubefed federates them. */
  const table: [KubeObject, boolean][] = [
    [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace } }, true],
    [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: `${name}-`, namespace } }, true],
    [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'kube-system' } }, false],
    [{ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, type: 'Opaque' }, true],
    [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: `${name}-token`, namespace, annotations: { 'kubernetes.io/service-account.name': 'default' } }, type: 'kubernetes.io/service-account-token' }, false],
    [{ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'kube-public' }, type: 'Opaque' }, false],
    [{ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { ports: [{ port: 80 }] } }, true],
    [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace }, spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: podTemplate } }, true],
    [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'kube-node-lease' }, spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: podTemplate } }, false],
    [{ apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace }, spec: { suspend: true, template: { spec: { ...podTemplate.spec, restartPolicy: 'Never' } } } }, true],
    [{ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name, namespace }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, maxReplicas: 2 } }, true],
  ];

  test('is on every object kubefed federates from its creation (the API server adds it), and on no other; deleting them is never held up', async () => {
    const created: KubeObject[] = [];
    for (const [object, federated] of table) {
      // What create returns is what was stored: no controller can have written to it yet.
      const stored = JSON.parse(await run(federation, ['create', '-o', 'json', '-f', '-'], JSON.stringify(object))) as KubeObject;
      created.push(stored);
      const where = `${stored.kind} ${stored.metadata.namespace}/${stored.metadata.name}`;
      expect({ [where]: hasFinalizer(stored) }).toEqual({ [where]: federated });
      expect({ [where]: adapterOf(stored)?.federates(stored) }).toEqual({ [where]: federated });
    }
    for (const stored of created) {
      await run(federation, ['delete', stored.kind!.toLowerCase(), stored.metadata.name!, '-n', stored.metadata.namespace!, '--wait=false']);
    }
    await waitFor('every object deleted', async () => {
      const left = await Promise.all(created.map(async (stored) => (await getJson(federation, [stored.kind!.toLowerCase(), stored.metadata.name!, '-n', stored.metadata.namespace!])) !== undefined));
      return left.every((present) => !present) || created.filter((_stored, index) => left[index]).map((stored) => `${stored.kind} ${stored.metadata.namespace}/${stored.metadata.name}`);
    }, 30_000);
  });

  test('put by hand on an object kubefed does not federate, it does not hold its deletion', async () => {
    const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${name}-by-hand`, namespace: 'kube-system', finalizers: [propagationFinalizer] } };
    await run(federation, ['create', '-f', '-'], JSON.stringify(object));
    await run(federation, ['delete', 'configmap', object.metadata.name, '-n', 'kube-system', '--wait=false']);
    await waitFor('the ConfigMap gone', async () => (await getJson(federation, ['configmap', object.metadata.name, '-n', 'kube-system'])) === undefined, 30_000);
  });
});
