// Running it for real: Prometheus metrics under client-go/controller-runtime names, health probes,
// structured logs, leader election between two replicas, and a clean SIGTERM in the middle of work.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { LabState } from '../../src/cli/lab/index.js';
import { ControllerManager, fastFlags, sumSamples } from './support/controller-manager.js';
import { getJson, joinedLab, memberNames, names, run, settled, uniqueName, waitFor } from './support/federation.js';

const namespace = uniqueName('production');
let state: LabState;
let federation: string;
let members: string[];
const running: ControllerManager[] = [];

interface LeaseJson {
  spec: { holderIdentity?: string; leaseTransitions?: number };
}

const lease = () => getJson<LeaseJson>(federation, ['lease', 'kubefed-controller-manager', '-n', 'federation-system']);
const configMap = (name: string) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { name } });
async function start(flags: string[] = []): Promise<ControllerManager> {
  const manager = await ControllerManager.start({ flags: [...fastFlags, ...flags] });
  running.push(manager);
  return manager;
}
const everywhere = async (name: string) => {
  for (const member of members) {
    await waitFor(`${name} in ${member}`, async () => (await getJson(member, ['configmap', name, '-n', namespace])) !== undefined, 30_000);
  }
};

beforeAll(async () => {
  state = await joinedLab();
  federation = state.federation;
  members = memberNames(state);
  await run(federation, ['create', 'namespace', namespace]);
});

afterAll(async () => {
  await run(federation, ['delete', 'namespace', namespace, '--wait=false']).catch(() => undefined);
  await Promise.all(running.map((manager) => manager.stop()));
});

describe('metrics, probes and logs', () => {
  let manager: ControllerManager;

  beforeAll(async () => {
    manager = await start();
    await run(federation, ['create', '-f', '-'], configMap('observed'));
    await everywhere('observed');
  });

  afterAll(async () => {
    expect(await manager.stop()).toBe(0);
  });

  test('/metrics carries the client-go and controller-runtime names with sensible values, and kubefed\'s own', async () => {
    await waitFor('a propagation latency sample', async () => (await manager.sample('kubefed_propagation_latency_seconds_count', { controller: 'configmap' })) > 0, 30_000);
    const text = await manager.metrics();
    for (const name of [
      'workqueue_depth',
      'workqueue_adds_total',
      'workqueue_queue_duration_seconds',
      'workqueue_work_duration_seconds',
      'workqueue_retries_total',
      'workqueue_unfinished_work_seconds',
      'workqueue_longest_running_processor_seconds',
      'controller_runtime_reconcile_total',
      'controller_runtime_reconcile_errors_total',
      'controller_runtime_reconcile_time_seconds',
      'rest_client_requests_total',
      'leader_election_master_status',
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'kubefed_propagation_latency_seconds',
      'kubefed_cluster_ready',
      'kubefed_managed_objects',
      'kubefed_member_write_errors_total',
    ]) {
      expect(text).toMatch(new RegExp(`^# TYPE ${name} `, 'm'));
    }
    expect(sumSamples(text, 'controller_runtime_reconcile_total', { controller: 'configmap', result: 'success' })).toBeGreaterThan(0);
    expect(sumSamples(text, 'workqueue_adds_total', { name: 'configmap', controller: 'configmap' })).toBeGreaterThan(0);
    expect(sumSamples(text, 'leader_election_master_status', { name: 'kubefed-controller-manager' })).toBe(1);
    for (const member of members) {
      expect(sumSamples(text, 'kubefed_cluster_ready', { cluster: member })).toBe(1);
      expect(sumSamples(text, 'kubefed_managed_objects', { cluster: member, kind: 'ConfigMap' })).toBeGreaterThan(0);
    }
    // Its writes are counted by code: copies created in members (201), and patches where it wrote any (the federation adds the finalizer itself).
    const written = sumSamples(text, 'rest_client_requests_total', { code: '201', method: 'POST' }) + sumSamples(text, 'rest_client_requests_total', { code: '200', method: 'PATCH' });
    expect(written).toBeGreaterThan(0);
    expect(sumSamples(text, 'process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024);
  });

  test('/healthz and /readyz answer like controller-runtime', async () => {
    expect(await manager.probe('/healthz')).toBe(200);
    expect(await manager.probe('/readyz')).toBe(200);
    const verbose = await fetch(`http://127.0.0.1:${manager.probePort}/healthz?verbose`).then((response) => response.text());
    expect(verbose).toContain('[+]event-loop ok');
    expect(verbose).toContain('[+]leader-election ok');
  });

  test('logs are JSON lines with stable fields: one per member action, and rollout progress per cluster', async () => {
    const name = uniqueName('rolling');
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace },
      spec: { replicas: 3, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'registry.example/web:1' }] } } },
    };
    await run(federation, ['create', '-f', '-'], JSON.stringify(deployment));
    await run(federation, ['rollout', 'status', `deployment/${name}`, '-n', namespace, '--timeout=90s']);
    expect(manager.lines.every((line) => typeof line.ts === 'string' && typeof line.level === 'string' && typeof line.msg === 'string')).toBe(true);
    // One info line per object and action lists the members that did it (each member's own line is at debug).
    const creates = manager.lines.filter((line) => line.name === name && line.action === 'create' && line.level === 'info');
    expect(creates.flatMap((line) => line.clusters as string[]).sort()).toEqual([...members].sort());
    for (const line of creates) {
      expect(line).toMatchObject({ controller: 'deployment', kind: 'Deployment', namespace, name });
      expect(typeof line.reconcileID).toBe('string');
      expect(typeof line.durationMs).toBe('number');
    }
    await waitFor('rollout progress lines for every member', () => {
      const clusters = new Set(manager.lines.filter((line) => line.name === name && line.action === 'rollout').map((line) => line.cluster));
      return members.every((member) => clusters.has(member)) || [...clusters];
    }, 30_000);
  });
});

describe('leader election', () => {
  test('only the leader writes; when it dies the standby takes over and propagation goes on, nothing lost or doubled', async () => {
    const first = await start();
    await settled(federation);
    const second = await ControllerManager.start({ flags: fastFlags, waitReady: false });
    running.push(second);
    await waitFor('the standby ready (caches synced) but not leading', async () => (await second.probe('/readyz')) === 200, 30_000);
    await run(federation, ['create', '-f', '-'], configMap('before-failover'));
    await everywhere('before-failover');
    expect(await first.sample('leader_election_master_status')).toBe(1);
    expect(await second.sample('leader_election_master_status')).toBe(0);
    const standbyWrites = async () => ['POST', 'PUT', 'PATCH', 'DELETE'].reduce(async (sum, method) => (await sum) + (await second.sample('rest_client_requests_total', { method })), Promise.resolve(0));
    expect(await standbyWrites()).toBe(0);

    const killedAt = Date.now();
    expect(await first.stop('SIGKILL')).toBe(null);
    await run(federation, ['create', '-f', '-'], configMap('after-failover'));
    await waitFor('the standby leading', async () => (await second.sample('leader_election_master_status')) === 1, 40_000);
    process.stderr.write(`leader election: standby took over ${((Date.now() - killedAt) / 1000).toFixed(1)}s after the leader was killed (lease 15s, retry 2s)\n`);
    await everywhere('after-failover');
    const federated = (await names(federation, 'configmaps', namespace)).filter((name) => name !== 'kube-root-ca.crt');
    for (const member of members) {
      expect(await names(member, 'configmaps', namespace, 'federation.kubefed.dev/managed-by')).toEqual(federated);
    }
    expect((await lease())?.spec.holderIdentity).toBe(second.lines.find((line) => line.msg === 'acquired the leader lease')?.identity);
    expect(await second.stop()).toBe(0);
  });
});

describe('SIGTERM', () => {
  test('in the middle of a burst exits 0 and releases the lease; a restarted process converges', async () => {
    const manager = await start();
    const burst = Array.from({ length: 60 }, (_, index) => `sigterm-${index}`);
    await run(federation, ['create', '-f', '-'], burst.map(configMap).join('\n'));
    await waitFor('the burst under way', async () => (await names('gcek8s', 'configmaps', namespace, 'federation.kubefed.dev/managed-by')).some((name) => name.startsWith('sigterm-')), 30_000);
    expect(await manager.stop('SIGTERM')).toBe(0);
    expect(manager.lines.some((line) => line.msg === 'released the leader lease')).toBe(true);
    expect((await lease())?.spec.holderIdentity ?? '').toBe('');
    const restarted = await start();
    for (const member of members) {
      await waitFor(`all of the burst in ${member}`, async () => (await names(member, 'configmaps', namespace, 'federation.kubefed.dev/managed-by')).filter((name) => name.startsWith('sigterm-')).length === burst.length, 60_000);
    }
    expect(await restarted.stop()).toBe(0);
  });
});

describe('--help', () => {
  test('documents every flag with its environment variable', async () => {
    const main = fileURLToPath(new URL('../../dist/daemon/main.js', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [main, '--help']);
    const { configCommand } = await import('../../src/daemon/config/flags.js');
    for (const option of configCommand().options) {
      expect(stdout).toContain(option.long);
      expect(stdout).toContain(`env: ${option.envVar}`);
    }
  });
});
