// `--cascade=orphan` never deletes a member copy (DESIGN.md invariant 10), even when many objects of
// several kinds are deleted at once and the federation's DELETE events race the members' watches.
// Every member collection is watched, so a copy released and deleted a moment later is seen.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { type ControllerManager, sumSamples } from './support/controller-manager.js';
import { getJson, run, uniqueName, waitFor } from './support/federation.js';
import { record, type Recording } from './support/recording.js';
import { startSuite, stopSuite } from './support/suite.js';

const namespace = uniqueName('orphan');
const managedBy = 'federation.kubefed.dev/managed-by';
let federation: string;
let members: string[];
let manager: ControllerManager;

const kinds = [
  { resource: 'configmaps', path: `/api/v1/namespaces/${namespace}/configmaps` },
  { resource: 'secrets', path: `/api/v1/namespaces/${namespace}/secrets` },
  { resource: 'services', path: `/api/v1/namespaces/${namespace}/services` },
  { resource: 'deployments', path: `/apis/apps/v1/namespaces/${namespace}/deployments` },
] as const;

function object(resource: (typeof kinds)[number]['resource'], name: string, batch: number): unknown {
  const metadata = { name, namespace, labels: { batch: String(batch) } };
  switch (resource) {
    case 'configmaps':
      return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { a: '1' } };
    case 'secrets':
      return { apiVersion: 'v1', kind: 'Secret', metadata, stringData: { a: '1' } };
    case 'services':
      return { apiVersion: 'v1', kind: 'Service', metadata, spec: { selector: { app: name }, ports: [{ port: 80 }] } };
    case 'deployments':
      return {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata,
        spec: { replicas: 0, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'registry.example/web:1' }] } } },
      };
  }
}

interface Listed {
  items: { metadata: { name: string; labels?: Record<string, string> } }[];
}

/** copies lists one batch's objects of every kind in a cluster, as "resource/name" with whether kubefed still manages them. */
async function copies(cluster: string, batch: number): Promise<{ key: string; managed: boolean }[]> {
  const found = await getJson<Listed>(cluster, [kinds.map((kind) => kind.resource).join(','), '-n', namespace, '-l', `batch=${batch}`]);
  return (found?.items ?? []).map((item) => ({ key: item.metadata.name, managed: item.metadata.labels?.[managedBy] !== undefined }));
}

beforeAll(async () => {
  ({ federation, members, manager } = await startSuite(namespace));
});

afterAll(() => stopSuite(federation, namespace, manager));

const rounds = 4;
const perKind = 12;

test(`--cascade=orphan keeps every copy: ${rounds} rounds of ${perKind} objects of each of ${kinds.length} kinds deleted at once`, async () => {
  const recordings: Recording[] = await Promise.all(members.flatMap((member) => kinds.map((kind) => record(member, kind.path))));
  const names = new Set<string>();
  let released = 0;
  try {
    for (let batch = 0; batch < rounds; batch++) {
      // One unique stem per batch: names made in the same millisecond by uniqueName alone could collide.
      const stem = uniqueName('orphan');
      const objects = kinds.flatMap((kind) =>
        Array.from({ length: perKind }, (_, index) => {
          const name = `${stem}-${kind.resource.slice(0, 3)}-${index}`;
          names.add(name);
          return object(kind.resource, name, batch);
        }),
      );
      await run(federation, ['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
      for (const member of members) {
        await waitFor(`batch ${batch}: every copy in ${member}`, async () => {
          const held = await copies(member, batch);
          return held.filter((copy) => copy.managed).length === objects.length || held.length;
        }, 60_000);
      }
      await run(federation, ['delete', kinds.map((kind) => kind.resource).join(','), '-n', namespace, '-l', `batch=${batch}`, '--cascade=orphan', '--wait=false']);
      await waitFor(`batch ${batch}: gone from the federation`, async () => {
        const left = await getJson<Listed>(federation, [kinds.map((kind) => kind.resource).join(','), '-n', namespace, '-l', `batch=${batch}`]);
        return left?.items.length === 0 || left?.items.length;
      }, 60_000);
      for (const member of members) {
        await waitFor(`batch ${batch}: no copy in ${member} still managed`, async () => {
          const held = await copies(member, batch);
          return held.every((copy) => !copy.managed) || held.filter((copy) => copy.managed).length;
        }, 60_000);
      }
      // The reconciles the DELETE events started are over once no queue holds work and no worker is busy.
      await waitFor('the controller-manager idle', async () => {
        const text = await manager.metrics();
        return (sumSamples(text, 'workqueue_depth') === 0 && sumSamples(text, 'controller_runtime_active_workers') === 0) || 'busy';
      }, 60_000);
      for (const member of members) {
        released += (await copies(member, batch)).length;
      }
    }
  } finally {
    await Promise.all(recordings.map((recording) => recording.stop()));
  }
  const deleted = recordings.flatMap((recording) =>
    recording.versions
      .filter((version) => version.type === 'DELETED' && names.has(version.object.metadata.name ?? ''))
      .map((version) => `${recording.cluster}/${version.object.kind ?? ''}/${version.object.metadata.name ?? ''}`),
  );
  const expected = rounds * perKind * kinds.length * members.length;
  process.stderr.write(`orphan: ${rounds * perKind * kinds.length} objects deleted with --cascade=orphan, ${expected} copies expected, ${released} kept, ${deleted.length} deleted\n`);
  expect(deleted).toEqual([]);
  expect(released).toBe(expected);
}, 900_000);
