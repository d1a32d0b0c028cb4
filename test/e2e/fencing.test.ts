// Leader fencing: a leader frozen (SIGSTOP) for longer than its lease is replaced by the standby, and
// when it resumes (SIGCONT) it sends nothing more, exits non-zero, and leaves the new leader's work alone.
// Writes are counted by the API servers themselves (apiserver_request_total), not by kubefed.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { LabState } from '../../src/cli/lab/index.js';
import { ControllerManager, fastFlags, sumSamples } from './support/controller-manager.js';
import { getJson, joinedLab, memberNames, names, run, settled, uniqueName, waitFor } from './support/federation.js';

const namespace = uniqueName('fencing');
const managed = 'federation.kubefed.dev/managed-by';
const writeVerbs = ['POST', 'PUT', 'PATCH', 'APPLY', 'DELETE', 'DELETECOLLECTION'];
let state: LabState;
let federation: string;
let members: string[];
const running: ControllerManager[] = [];

const configMaps = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, index) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${prefix}-${index}`, namespace }, data: { index: String(index) } })).join('\n');

async function start(waitReady = true, flags: string[] = []): Promise<ControllerManager> {
  const manager = await ControllerManager.start({ flags: [...fastFlags, ...flags], waitReady });
  running.push(manager);
  return manager;
}

/** configMapWrites is what a cluster's API server has counted of ConfigMap writes, by anyone, since it started. */
async function configMapWrites(context: string): Promise<number> {
  const text = await run(context, ['get', '--raw', '/metrics']);
  return writeVerbs.reduce((sum, verb) => sum + sumSamples(text, 'apiserver_request_total', { resource: 'configmaps', verb }), 0);
}

const allWrites = async (): Promise<Record<string, number>> =>
  Object.fromEntries(await Promise.all([federation, ...members].map(async (context): Promise<[string, number]> => [context, await configMapWrites(context)])));

const countIn = async (member: string, prefix: string) => (await names(member, 'configmaps', namespace, managed)).filter((name) => name.startsWith(`${prefix}-`)).length;

beforeAll(async () => {
  state = await joinedLab();
  federation = state.federation;
  members = memberNames(state);
  // Earlier suites leave their namespaces for the next controller-manager to finish; one runs until
  // they are gone, so that the writes counted below are this test's alone.
  const cleaner = await ControllerManager.start({ flags: fastFlags });
  await settled(federation);
  await cleaner.stop();
  await run(federation, ['create', 'namespace', namespace]);
});

afterAll(async () => {
  for (const manager of running) {
    manager.process.kill('SIGCONT');
  }
  await Promise.all(running.map((manager) => manager.stop()));
  await run(federation, ['delete', 'namespace', namespace, '--wait=false']).catch(() => undefined);
});

describe('leader fencing', () => {
  test('a leader frozen past its lease writes nothing after it resumes and exits non-zero', async () => {
    // The old leader's member writes are throttled, so that it freezes with writes waiting for their turn.
    const old = await start(true, ['--member-qps=4', '--member-burst=1']);
    const standby = await start(false);
    await waitFor('the standby ready but not leading', async () => (await standby.probe('/readyz')) === 200, 60_000);

    // The old leader freezes in the middle of a burst, with writes queued and in flight.
    await run(federation, ['create', '-f', '-'], configMaps('burst', 60));
    await waitFor('the burst under way', async () => (await countIn(members[0]!, 'burst')) > 0, 30_000);
    old.process.kill('SIGSTOP');
    await waitFor('the standby leading', async () => (await standby.sample('leader_election_master_status')) === 1, 60_000);
    for (const member of members) {
      await waitFor(`the whole burst in ${member}`, async () => (await countIn(member, 'burst')) === 60, 60_000);
    }

    // The new leader dies holding a fresh Lease, so anything that reaches a cluster from now on is
    // the old leader's; and there is work the old leader would do: objects it has not seen yet.
    expect(await standby.stop('SIGKILL')).toBe(null);
    await run(federation, ['create', '-f', '-'], configMaps('frozen', 10));
    const before = await allWrites();
    old.process.kill('SIGCONT');
    expect(await old.exited()).toBe(1);
    expect(old.lines.some((line) => line.msg === 'leader election lost, exiting')).toBe(true);
    expect(await allWrites()).toEqual(before);
    for (const member of members) {
      expect(await countIn(member, 'frozen')).toBe(0);
    }

    // A fresh replica takes the Lease once it expires and finishes the work.
    const next = await start();
    for (const member of members) {
      await waitFor(`the objects created while frozen in ${member}`, async () => (await countIn(member, 'frozen')) === 10, 60_000);
    }
    expect(await getJson(federation, ['lease', 'kubefed-controller-manager', '-n', 'federation-system'])).toMatchObject({
      spec: { holderIdentity: next.lines.find((line) => line.msg === 'acquired the leader lease')?.identity },
    });
    expect(await next.stop()).toBe(0);
  });
});
