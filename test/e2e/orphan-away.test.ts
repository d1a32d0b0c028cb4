// Orphaning is honoured for a member that was away: objects deleted with --cascade=orphan (or the orphan
// annotation) while a member is stopped keep their copies there when it returns, released, never swept.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startMember, stopMember } from '../../src/cli/lab/index.js';
import { labDirectory } from '../lab/lab-environment.js';
import { ControllerManager, fastFlags } from './support/controller-manager.js';
import { startSuite, stopSuite } from './support/suite.js';
import { getJson, run, uniqueName, waitFor } from './support/federation.js';

const namespace = uniqueName('orphan-away');
const away = 'azurek8s';
const managed = 'federation.kubefed.dev/managed-by';
let federation: string;
let members: string[];
let manager: ControllerManager;

interface ConfigMapJson {
  metadata: { uid: string; labels?: Record<string, string> };
}

const configMap = (name: string, annotations: Record<string, string> = {}) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, annotations }, data: { name } });
const copyIn = (cluster: string, name: string) => getJson<ConfigMapJson>(cluster, ['configmap', name, '-n', namespace]);
const pendingReleases = async () =>
  (await getJson<{ status?: { pendingReleases?: Record<string, string> } }>(federation, ['cluster', away]))?.status?.pendingReleases ?? {};
const awayNotReady = () =>
  waitFor(`${away} not ready`, async () => {
    const cluster = await getJson<{ status?: { conditions?: { type: string; status: string }[] } }>(federation, ['cluster', away]);
    return cluster?.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'False') ?? false;
  }, 30_000);

beforeAll(async () => {
  ({ federation, members, manager } = await startSuite(namespace));
});

afterAll(async () => {
  await startMember(labDirectory(), away).catch(() => undefined);
  await stopSuite(federation, namespace, manager);
});

describe('a member away during an orphaning deletion', () => {
  test('gets its copies released when it returns, never deleted; a plain deletion is still swept', async () => {
    const cascade = uniqueName('cascade');
    const annotated = uniqueName('annotated');
    const deleted = uniqueName('deleted');
    await run(federation, ['create', '-f', '-'], [configMap(cascade), configMap(annotated, { 'federation.kubefed.dev/orphan': 'true' }), configMap(deleted)].join('\n'));
    const uids: Record<string, string | undefined> = {};
    for (const name of [cascade, annotated, deleted]) {
      for (const member of members) {
        await waitFor(`${name} in ${member}`, async () => (await copyIn(member, name))?.metadata.labels?.[managed] !== undefined, 30_000);
      }
      uids[name] = (await copyIn(away, name))?.metadata.uid;
    }

    await stopMember(labDirectory(), away);
    try {
      await awayNotReady();
      await run(federation, ['delete', 'configmap', cascade, '-n', namespace, '--cascade=orphan']);
      await run(federation, ['delete', 'configmap', annotated, deleted, '-n', namespace]);
      for (const name of [cascade, annotated, deleted]) {
        await waitFor(`${name} gone from the federation`, async () => (await getJson(federation, ['configmap', name, '-n', namespace])) === undefined, 30_000);
      }
      for (const member of members.filter((member) => member !== away)) {
        for (const name of [cascade, annotated]) {
          expect((await copyIn(member, name))?.metadata.labels?.[managed]).toBeUndefined();
        }
        expect(await copyIn(member, deleted)).toBeUndefined();
      }
    } finally {
      await startMember(labDirectory(), away);
    }

    await waitFor(`${deleted} swept from ${away}`, async () => (await copyIn(away, deleted)) === undefined, 60_000);
    for (const name of [cascade, annotated]) {
      await waitFor(`${name} released in ${away}`, async () => (await copyIn(away, name))?.metadata.labels?.[managed] === undefined, 60_000);
      // The same object as before the member went away: released in place, not deleted and made again.
      expect((await copyIn(away, name))?.metadata.uid).toBe(uids[name]);
    }
  });

  test('gets its copies released when a controller-manager restarted meanwhile: the Cluster status remembers them', async () => {
    const name = uniqueName('restarted');
    await run(federation, ['create', '-f', '-'], configMap(name, { 'federation.kubefed.dev/orphan': 'true' }));
    for (const member of members) {
      await waitFor(`${name} in ${member}`, async () => (await copyIn(member, name))?.metadata.labels?.[managed] !== undefined, 30_000);
    }
    const uid = (await copyIn(away, name))?.metadata.uid;
    const entry = `configmaps:${namespace}/${name}`;

    await stopMember(labDirectory(), away);
    try {
      await awayNotReady();
      await run(federation, ['delete', 'configmap', name, '-n', namespace]);
      await waitFor(`${name} gone from the federation`, async () => (await getJson(federation, ['configmap', name, '-n', namespace])) === undefined, 30_000);
      expect(Object.keys(await pendingReleases())).toContain(entry);
      // A restart forgets everything in memory; a new controller-manager only has what the API servers hold.
      await manager.stop();
      manager = await ControllerManager.start({ flags: fastFlags });
    } finally {
      await startMember(labDirectory(), away);
    }

    await waitFor(`${name} released in ${away}`, async () => (await copyIn(away, name))?.metadata.labels?.[managed] === undefined, 60_000);
    expect((await copyIn(away, name))?.metadata.uid).toBe(uid);
    await waitFor(`${entry} cleared from the Cluster status`, async () => !(entry in (await pendingReleases())), 30_000);
  });
});
