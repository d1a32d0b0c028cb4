// One member's trouble stays with that member: with kubefed's path to one member partitioned (packets dropped, not
// refused) or slow, the federation's writes reach the healthy members before the troubled one is even declared not
// Ready, and once healed it converges to exactly the federated set. The member's API server runs throughout, and the
// test reads it through the lab's direct admin context; only the controller-manager's path goes through the proxy.
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import path from 'node:path';
import { joinLabMembers } from '../../src/cli/lab/run-command.js';
import type { LabState } from '../../src/cli/lab/index.js';
import { labDirectory, labState, runProcess } from '../lab/lab-environment.js';
import { ControllerManager } from './support/controller-manager.js';
import { createFederatedNamespace, events, getJson, memberNames, run, uniqueName, waitFor } from './support/federation.js';
import { root } from './support/tools.js';

/** Objects per scenario, as the acceptance asks. */
const count = 200;
const label = 'e2e.kubefed.dev/partition';
/**
 * Probes every 5 s with the default 5 s timeout and three failures before not Ready: detection takes 15 s or more,
 * which is the window in which the healthy members must already have everything.
 */
const flags = ['--cluster-probe-period=5s', '--cluster-failure-threshold=3', '--failover-grace-period=5s'];

/** Above the sum of the waits inside a scenario, so that a failing wait reports what it saw, not jest's timeout. */
const scenarioTimeout = 720_000;

let state: LabState;
let federation: string;
let healthy: string[];
let troubled: string;
let manager: ControllerManager | undefined;
const partitionNamespace = uniqueName('partition');
const slowNamespace = uniqueName('slow');

function lab(args: string[]) {
  return runProcess(process.execPath, [path.join(root, 'bin', 'kubefed.js'), 'lab', ...args, `--dir=${labDirectory()}`], { cwd: root });
}

interface ConfigMapJson {
  metadata: { name: string; creationTimestamp: string; labels?: Record<string, string> };
  data?: Record<string, string>;
}

interface ClusterJson {
  status?: { conditions?: { type: string; status: string; lastTransitionTime?: string }[] };
}

const configMaps = async (context: string, namespace: string) =>
  (await getJson<{ items: ConfigMapJson[] }>(context, ['configmaps', '-n', namespace, '-l', label]))?.items ?? [];

const ready = async (cluster: string) => (await getJson<ClusterJson>(federation, ['cluster', cluster]))?.status?.conditions?.find((condition) => condition.type === 'Ready');

/** The federated set: name → data. */
const dataByName = (items: ConfigMapJson[]): Record<string, Record<string, string>> =>
  Object.fromEntries(items.map((item): [string, Record<string, string>] => [item.metadata.name, item.data ?? {}]).sort(([a], [b]) => a.localeCompare(b)));

async function createMany(namespace: string): Promise<Record<string, Record<string, string>>> {
  const items = Array.from({ length: count }, (_, index) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `object-${String(index).padStart(3, '0')}`, namespace, labels: { [label]: namespace } },
    data: { index: String(index), namespace },
  }));
  await run(federation, ['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  return dataByName(await configMaps(federation, namespace));
}

/**
 * arrivedEverywhere waits for every federated object in every healthy member and returns when the last was created
 * there. While it waits it shows how far each member got, the troubled member's Ready condition and the
 * controller-manager's last words about it, so that a failure says why.
 */
async function arrivedEverywhere(namespace: string, wanted: Record<string, Record<string, string>>): Promise<number> {
  await waitFor(`${count} ConfigMaps in ${healthy.join(' and ')}`, async () => {
    const counts = await Promise.all(healthy.map(async (member) => (await configMaps(member, namespace)).length));
    return counts.every((found) => found === count) || {
      counts: Object.fromEntries(healthy.map((member, index) => [member, counts[index]])),
      [`${troubled} Ready`]: await ready(troubled),
      log: manager?.lines.filter((line) => line.cluster === troubled).slice(-3).map((line) => `${line.level} ${line.msg} ${JSON.stringify(line.error ?? '')}`),
    };
  }, 240_000);
  let latest = 0;
  for (const member of healthy) {
    const items = await configMaps(member, namespace);
    expect(dataByName(items)).toEqual(wanted);
    latest = Math.max(latest, ...items.map((item) => Date.parse(item.metadata.creationTimestamp)));
  }
  return latest;
}

/** convergesAfterHeal heals the member, waits until it is Ready and holds exactly the federated set, and checks for clashes. */
async function convergesAfterHeal(namespace: string, wanted: Record<string, Record<string, string>>): Promise<void> {
  const healed = await lab(['heal', troubled]);
  expect({ code: healed.code, stderr: healed.stderr }).toEqual({ code: 0, stderr: '' });
  expect(healed.stdout).toMatch(new RegExp(`^${troubled}: kubefed's path is direct \\(was `));
  await waitFor(`${troubled} Ready again`, async () => (await ready(troubled))?.status === 'True' || (await ready(troubled)), 120_000);
  await waitFor(`${troubled} holding exactly the federated set`, async () => {
    const held = dataByName(await configMaps(troubled, namespace));
    const missing = Object.keys(wanted).filter((name) => held[name] === undefined);
    return JSON.stringify(held) === JSON.stringify(wanted) || { missing: missing.length, extra: Object.keys(held).filter((name) => wanted[name] === undefined), held: Object.keys(held).length };
  }, 180_000);
  // A write held by the partition and delivered after it is the same write kubefed retried: its own copy, no clash.
  const warnings = (await Promise.all(Object.keys(wanted).slice(0, 20).map((name) => events(federation, namespace, name)))).flat();
  expect(warnings.filter((line) => /AlreadyExists|already exists|[Cc]lash|not created by/.test(line))).toEqual([]);
}

beforeAll(async () => {
  state = await labState();
  federation = state.federation;
  const members = memberNames(state);
  healthy = members.slice(0, -1);
  troubled = members.at(-1) as string;
  // kubefed reaches every member through its proxy here; the test's own kubectl goes direct.
  await joinLabMembers(state, () => undefined, { through: 'proxy' });
  manager = await ControllerManager.start({ flags });
  await createFederatedNamespace(state, partitionNamespace);
  await createFederatedNamespace(state, slowNamespace);
});

// Each scenario starts from a healthy path, whatever the one before left behind.
afterEach(async () => {
  await lab(['heal', troubled]);
});

afterAll(async () => {
  for (const namespace of [partitionNamespace, slowNamespace]) {
    await run(federation, ['delete', 'namespace', namespace, '--wait=false']).catch(() => undefined);
  }
  await manager?.stop();
  // Back to the direct path the other files join with.
  await joinLabMembers(state, () => undefined);
});

describe('a partitioned member', () => {
  test(`does not hold up the healthy members: ${count} ConfigMaps reach them before it is declared not Ready, and it converges after lab heal`, async () => {
    const partitioned = await lab(['partition', troubled]);
    expect({ code: partitioned.code, stdout: partitioned.stdout, stderr: partitioned.stderr }).toEqual({
      code: 0,
      stdout: `${troubled}: kubefed's path is partitioned (was direct)\n`,
      stderr: '',
    });
    const status = await lab(['status']);
    expect(status.stdout).toMatch(new RegExp(`^${troubled} +partitioned +https://127\\.0\\.0\\.1:\\d+ `, 'm'));
    // The member's API server is up: only kubefed's path is cut.
    expect(await run(troubled, ['get', 'namespace', partitionNamespace, '-o', 'name'])).toBe(`namespace/${partitionNamespace}\n`);

    const wanted = await createMany(partitionNamespace);
    expect(Object.keys(wanted)).toHaveLength(count);
    const arrivedAt = await arrivedEverywhere(partitionNamespace, wanted);

    await waitFor(`${troubled} declared not Ready`, async () => (await ready(troubled))?.status === 'False' || (await ready(troubled)), 120_000);
    const declaredAt = Date.parse((await ready(troubled))?.lastTransitionTime ?? '');
    // Both are the API servers' clocks (one machine), in whole seconds.
    expect({ arrivedAt: new Date(arrivedAt).toISOString(), declaredNotReadyAt: new Date(declaredAt).toISOString(), inOrder: arrivedAt <= declaredAt }).toMatchObject({ inOrder: true });
    // Nothing got through the partition.
    expect(await configMaps(troubled, partitionNamespace)).toEqual([]);

    await convergesAfterHeal(partitionNamespace, wanted);
  }, scenarioTimeout);
});

describe('a slow member', () => {
  test(`answering 3 s late does not hold up the healthy members: ${count} ConfigMaps reach them before it is declared not Ready, and it converges after lab heal`, async () => {
    const slowed = await lab(['slow', troubled, '--delay=3s']);
    expect({ code: slowed.code, stdout: slowed.stdout, stderr: slowed.stderr }).toEqual({
      code: 0,
      stdout: `${troubled}: kubefed's path is slow 3s (was direct)\n`,
      stderr: '',
    });
    expect((await lab(['status'])).stdout).toMatch(new RegExp(`^${troubled} +slow 3s +https://`, 'm'));
    const slowSince = Date.now() - 1000;

    const wanted = await createMany(slowNamespace);
    const arrivedAt = await arrivedEverywhere(slowNamespace, wanted);
    const condition = await ready(troubled);
    const declaredAt = Date.parse(condition?.lastTransitionTime ?? '');
    // A slow member may pass its probes and never be declared not Ready; if it was, it was after everything arrived.
    const declaredBefore = condition?.status === 'False' && declaredAt >= slowSince && declaredAt < arrivedAt;
    expect({ arrivedAt: new Date(arrivedAt).toISOString(), condition, declaredBefore }).toMatchObject({ declaredBefore: false });

    await convergesAfterHeal(slowNamespace, wanted);
  }, scenarioTimeout);
});
