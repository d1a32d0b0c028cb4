// Failures stay contained and visible: a member rejecting an object, a member going away, a member
// cache that cannot sync, a member whose certificate does not verify. Secret data never leaks, and an
// object with a 253-character name still gets its Events.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startMember, stopMember } from '../../src/cli/lab/index.js';
import { labDirectory } from '../lab/lab-environment.js';
import { ControllerManager, fastFlags } from './support/controller-manager.js';
import { startSuite, stopSuite } from './support/suite.js';
import { events, getJson, names, run, uniqueName, waitFor } from './support/federation.js';

const namespace = uniqueName('failures');
let federation: string;
let members: string[];
let manager: ControllerManager;

const configMap = (name: string, data: Record<string, string>) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data });
const dataIn = async (cluster: string, name: string) => (await getJson<{ data?: Record<string, string> }>(cluster, ['configmap', name, '-n', namespace]))?.data;
const inEveryMember = async (name: string, clusters = members) => {
  for (const member of clusters) {
    await waitFor(`${name} in ${member}`, async () => (await dataIn(member, name)) !== undefined, 30_000);
  }
};

beforeAll(async () => {
  ({ federation, members, manager } = await startSuite(namespace));
});

afterAll(() => stopSuite(federation, namespace, manager));

describe('a member that rejects an object', () => {
  test('gets a Warning event with its own message, a metric and a log line, and is retried until it accepts', async () => {
    const quota = JSON.stringify({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'no-more-configmaps', namespace }, spec: { hard: { configmaps: '0' } } });
    await run('awsk8s', ['create', '-f', '-'], quota);
    const name = uniqueName('rejected');
    await run(federation, ['create', '-f', '-'], configMap(name, { a: '1' }));
    await inEveryMember(name, ['gcek8s', 'azurek8s']);
    await waitFor('a CreateInClusterFailed warning quoting the quota', async () => {
      const found = await events(federation, namespace, name);
      return found.some((line) => line.startsWith('Warning CreateInClusterFailed') && line.includes('awsk8s') && line.includes('exceeded quota')) || found;
    }, 30_000);
    expect(await manager.sample('kubefed_member_write_errors_total', { cluster: 'awsk8s', kind: 'ConfigMap' })).toBeGreaterThan(0);
    expect(manager.lines.some((line) => line.level === 'warn' && line.cluster === 'awsk8s' && String(line.error).includes('exceeded quota'))).toBe(true);
    await run('awsk8s', ['delete', 'resourcequota', 'no-more-configmaps', '-n', namespace]);
    await waitFor(`${name} created in awsk8s once the quota is gone`, async () => (await dataIn('awsk8s', name)) !== undefined, 150_000);
  });

  test('Secret data never appears in logs, events or metrics, even in a rejection', async () => {
    const value = `s3cr3t-${uniqueName('value')}`;
    const encoded = Buffer.from(value).toString('base64');
    const quota = JSON.stringify({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'no-secrets', namespace }, spec: { hard: { secrets: '0' } } });
    await run('gcek8s', ['create', '-f', '-'], quota);
    const name = uniqueName('secret');
    await run(federation, ['create', 'secret', 'generic', name, '-n', namespace, `--from-literal=password=${value}`]);
    await waitFor(`${name} in awsk8s`, async () => (await getJson(('awsk8s'), ['secret', name, '-n', namespace])) !== undefined, 30_000);
    await waitFor('the rejection in gcek8s reported', async () => (await events(federation, namespace, name)).some((line) => line.includes('CreateInClusterFailed')), 30_000);
    const everything = [manager.raw.join('\n'), await run(federation, ['get', 'events', '-A', '-o', 'json']), await manager.metrics()].join('\n');
    expect(everything).toContain(name);
    expect(everything).not.toContain(value);
    expect(everything).not.toContain(encoded);
    await run('gcek8s', ['delete', 'resourcequota', 'no-secrets', '-n', namespace]);
  });
});

describe('an object with the longest name Kubernetes allows', () => {
  test('gets its Events, under an Event name cut to fit', async () => {
    const prefix = uniqueName('long');
    const name = `${prefix}.${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(253)}`.slice(0, 253);
    expect(name).toHaveLength(253);
    await run(federation, ['create', '-f', '-'], configMap(name, { a: '1' }));
    await inEveryMember(name);
    await waitFor('a CreateInCluster event for every member', async () => {
      const found = await events(federation, namespace, name);
      return members.every((member) => found.some((line) => line.startsWith('Normal CreateInCluster') && line.includes(member))) || found;
    }, 30_000);
    const recorded = await getJson<{ items: { metadata: { name: string } }[] }>(federation, ['events', '-n', namespace, '--field-selector', `involvedObject.name=${name}`]);
    for (const event of recorded?.items ?? []) {
      expect(event.metadata.name.length).toBeLessThanOrEqual(253);
      expect(event.metadata.name.startsWith(name.slice(0, 200))).toBe(true);
    }
  });
});

describe('a member that goes away', () => {
  test('does not hold up the others, and converges to exactly the federated set when it returns', async () => {
    const kept = uniqueName('kept');
    const removed = uniqueName('removed');
    const changed = uniqueName('changed');
    for (const name of [kept, removed, changed]) {
      await run(federation, ['create', '-f', '-'], configMap(name, { version: '1' }));
    }
    for (const name of [kept, removed, changed]) {
      await inEveryMember(name);
    }
    await stopMember(labDirectory(), 'azurek8s');
    try {
      await waitFor('azurek8s not ready', async () => {
        const cluster = await getJson<{ status?: { conditions?: { type: string; status: string }[] } }>(federation, ['cluster', 'azurek8s']);
        return cluster?.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'False') ?? false;
      }, 30_000);
      const added = uniqueName('added');
      await run(federation, ['create', '-f', '-'], configMap(added, { version: '1' }));
      await run(federation, ['delete', 'configmap', removed, '-n', namespace]);
      await run(federation, ['patch', 'configmap', changed, '-n', namespace, '--type=merge', '-p', '{"data":{"version":"2"}}']);
      await inEveryMember(added, ['gcek8s', 'awsk8s']);
      await waitFor(`${changed} updated in the ready members`, async () => (await dataIn('awsk8s', changed))?.version === '2', 30_000);
      await waitFor(`${removed} deleted without waiting for azurek8s`, async () => (await getJson(federation, ['configmap', removed, '-n', namespace])) === undefined, 30_000);
    } finally {
      await startMember(labDirectory(), 'azurek8s');
    }
    const federated = (await names(federation, 'configmaps', namespace)).filter((name) => name !== 'kube-root-ca.crt');
    await waitFor('azurek8s to hold exactly the federated set', async () => {
      const held = await names('azurek8s', 'configmaps', namespace, 'federation.kubefed.dev/managed-by');
      return JSON.stringify(held) === JSON.stringify(federated) || { held, federated };
    }, 60_000);
    expect((await dataIn('azurek8s', changed))?.version).toBe('2');
  });
});

describe('a member cache that cannot sync', () => {
  test('makes no deletion there; the deletion completes once the cache syncs', async () => {
    const name = uniqueName('unsynced');
    await run(federation, ['create', '-f', '-'], configMap(name, { a: '1' }));
    await inEveryMember(name);
    // A second controller-manager takes over with kubefed's ConfigMap list permission in awsk8s revoked.
    await manager.stop();
    const role = 'kubefed:kubefed-master-control';
    const parsed = JSON.parse(await run('awsk8s', ['get', 'clusterrole', role, '-o', 'json'])) as {
      metadata: { resourceVersion?: string };
      rules: { apiGroups?: string[]; resources?: string[]; verbs: string[] }[];
    };
    delete parsed.metadata.resourceVersion;
    const original = JSON.stringify(parsed);
    const revoked = {
      ...parsed,
      rules: parsed.rules.map((rule) =>
        rule.resources?.includes('configmaps') ? { ...rule, verbs: rule.verbs.filter((verb) => verb !== 'list') } : rule,
      ),
    };
    await run('awsk8s', ['replace', '-f', '-'], JSON.stringify(revoked));
    try {
      manager = await ControllerManager.start({ flags: fastFlags });
      await run(federation, ['delete', 'configmap', name, '-n', namespace, '--wait=false']);
      for (const member of ['gcek8s', 'azurek8s']) {
        await waitFor(`${name} deleted from ${member}`, async () => (await dataIn(member, name)) === undefined, 30_000);
      }
      await waitFor('the unsynced cache reported', () => manager.lines.some((line) => typeof line.error === 'string' && line.error.includes('forbidden') && typeof line.informer === 'string' && line.informer.includes('configmaps')), 30_000);
      expect(await dataIn('awsk8s', name)).toEqual({ a: '1' });
      expect(await getJson(federation, ['configmap', name, '-n', namespace])).toBeDefined();
    } finally {
      await run('awsk8s', ['replace', '-f', '-'], original);
    }
    await waitFor(`${name} deleted from awsk8s once its cache syncs`, async () => (await dataIn('awsk8s', name)) === undefined, 60_000);
    await waitFor('the federated object gone', async () => (await getJson(federation, ['configmap', name, '-n', namespace])) === undefined, 30_000);
  });
});

describe('member TLS', () => {
  test('a member whose certificate does not verify against the CA recorded at join is not ready, with the reason', async () => {
    const cluster = await getJson<{ spec: { secretRef: { name: string } } }>(federation, ['cluster', 'azurek8s']);
    const secretName = cluster?.spec.secretRef.name ?? '';
    const secret = await run(federation, ['get', 'secret', secretName, '-n', 'federation-system', '-o', 'json']);
    const wrongCa = JSON.parse(await run(federation, ['get', 'secret', (await getJson<{ spec: { secretRef: { name: string } } }>(federation, ['cluster', 'gcek8s']))?.spec.secretRef.name ?? '', '-n', 'federation-system', '-o', 'json'])) as { data: Record<string, string> };
    const tampered = JSON.parse(secret) as { data: Record<string, string>; metadata: Record<string, unknown> };
    tampered.data['ca.crt'] = wrongCa.data['ca.crt'] ?? '';
    await run(federation, ['replace', '-f', '-'], JSON.stringify(tampered));
    try {
      await waitFor('azurek8s not ready because its certificate does not verify', async () => {
        const found = await getJson<{ status?: { conditions?: { type: string; status: string; message?: string }[] } }>(federation, ['cluster', 'azurek8s']);
        const ready = found?.status?.conditions?.find((condition) => condition.type === 'Ready');
        return (ready?.status === 'False' && /certificate|self.signed|verify/i.test(ready.message ?? '')) || ready;
      }, 30_000);
    } finally {
      const restored = JSON.parse(secret) as { metadata: Record<string, unknown> };
      delete restored.metadata.resourceVersion;
      await run(federation, ['apply', '--server-side', '--force-conflicts', '-f', '-'], JSON.stringify(restored));
    }
    await waitFor('azurek8s ready again', async () => {
      const found = await getJson<{ status?: { conditions?: { type: string; status: string }[] } }>(federation, ['cluster', 'azurek8s']);
      return found?.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;
    }, 30_000);
  });
});
