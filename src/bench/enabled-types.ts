// `npm run bench -- --enabled-types N`: what N enabled types cost while no object of them exists (only watches).
import { mkdir, readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { enableType } from '../cli/enable/enable.js';
import { applyObject } from '../kube/apply.js';
import { groupResources } from '../kube/discovery.js';
import { customResourceDefinitions } from '../kube/resources.js';
import type { KubeClient } from '../kube/client.js';
import { federationName } from './bench-lab.js';
import { snapshotBuild } from './build-snapshot.js';
import { ControllerManagerProcess } from './controller-manager.js';
import { type BenchOptions, controllerManagerFlags } from './options.js';
import { withLab } from './with-lab.js';

/** EnabledTypesResult compares the idle controller-manager before and after enabling the types. */
export interface EnabledTypesResult {
  types: number;
  members: number;
  residentBytesBefore: number;
  residentBytesAfter: number;
  /** V8's used heap after GC: what of the RSS difference is JavaScript objects (the rest is native: sockets, TLS, buffers). */
  heapUsedBytesBefore: number;
  heapUsedBytesAfter: number;
  /** open sockets of the process: the connections the watches hold (and the listeners). */
  socketsBefore: number;
  socketsAfter: number;
  /** profiled: heap snapshots were taken (into --profile), after each reading. */
  profiled: boolean;
  /** CPU seconds used over idleWindowMs, at idle, before and after. */
  idleCpuSecondsBefore: number;
  idleCpuSecondsAfter: number;
  idleWindowMs: number;
}

const idleWindowMs = 60_000;
const group = 'bench.kubefed.dev';

/** crdObject is a namespaced CRD of one version whose objects hold any spec (also the any-type e2e test's). */
export function crdObject(group: string, plural: string, kind: string) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural, singular: kind.toLowerCase(), kind, listKind: `${kind}List` },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } },
        },
      ],
    },
  };
}

async function installCrds(client: KubeClient, count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    await applyObject(client, customResourceDefinitions, crdObject(group, `things${index}`, `Thing${index}`));
  }
  // Served once discovery lists every one of them.
  while (((await groupResources(client, group))[0]?.resources.filter((resource) => !resource.name.includes('/')).length ?? 0) < count) {
    await sleep(250);
  }
}

/** openSockets counts the sockets among the process's open files. */
async function openSockets(pid: number): Promise<number> {
  const descriptors = await readdir(`/proc/${pid}/fd`);
  const targets = await Promise.all(descriptors.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
  return targets.filter((target) => target.startsWith('socket:')).length;
}

interface IdleReading {
  residentBytes: number;
  heapUsedBytes: number;
  sockets: number;
  cpuSeconds: number;
}

/**
 * idleReading is resident memory and heap after a full GC, the open sockets, and the CPU the process uses over
 * the idle window; with a profile directory, a heap snapshot too (after the readings, which it would disturb).
 */
async function idleReading(manager: ControllerManagerProcess, snapshot: string | undefined): Promise<IdleReading> {
  const { residentBytes, heapUsedBytes } = await manager.memory(true);
  const sockets = await openSockets(manager.pid);
  const before = await manager.cpuSeconds();
  await sleep(idleWindowMs);
  const cpuSeconds = (await manager.cpuSeconds()) - before;
  if (snapshot !== undefined) {
    await (await manager.inspector()).writeHeapSnapshot(snapshot);
  }
  return { residentBytes, heapUsedBytes, sockets, cpuSeconds };
}

export async function runEnabledTypes(options: BenchOptions, count: number, log: (line: string) => void, signal: AbortSignal): Promise<EnabledTypesResult> {
  return withLab({ ...options, kind: 'configmap' }, log, signal, async (lab) => {
    const build = await snapshotBuild(lab.directory, options.build);
    if (options.profile) {
      await mkdir(options.profile, { recursive: true });
    }
    const snapshot = (moment: string) => (options.profile ? path.join(options.profile, `enabled-types-${moment}.heapsnapshot`) : undefined);
    // Every built-in controller, as kubefed runs by default.
    const flags = controllerManagerFlags(options, '*');
    const manager = ControllerManagerProcess.start(build.main, lab.state, flags, path.join(lab.directory, 'logs', 'bench-controller-manager.log'));
    try {
      await manager.waitReady(options.timeoutMs);
      await manager.waitQuiet(5_000, options.timeoutMs);
      log('idle with the built-in kinds only: reading memory and CPU');
      const before = await idleReading(manager, snapshot('before'));
      log(`installing ${count} CRDs in the federation and ${lab.members.length} members, then kubefed enable each`);
      await Promise.all([lab.federation, ...lab.members].map((cluster) => installCrds(cluster.writer, count)));
      const members = lab.members.map((member) => ({ context: member.name, client: member.writer }));
      for (let index = 0; index < count; index += 1) {
        await enableType({ verb: 'enable', argument: { resource: `things${index}`, group }, federation: lab.federation.writer, federationContext: federationName, members, log: () => undefined, warn: log });
      }
      await sleep(5_000);
      await manager.waitQuiet(5_000, options.timeoutMs);
      log(`idle with ${count} more types: reading memory and CPU`);
      const after = await idleReading(manager, snapshot('after'));
      return {
        types: count,
        members: lab.members.length,
        residentBytesBefore: before.residentBytes,
        residentBytesAfter: after.residentBytes,
        heapUsedBytesBefore: before.heapUsedBytes,
        heapUsedBytesAfter: after.heapUsedBytes,
        socketsBefore: before.sockets,
        socketsAfter: after.sockets,
        profiled: options.profile !== undefined,
        idleCpuSecondsBefore: before.cpuSeconds,
        idleCpuSecondsAfter: after.cpuSeconds,
        idleWindowMs,
      };
    } finally {
      await manager.stop();
    }
  });
}

/** renderEnabledTypes is the result as report lines. */
export function renderEnabledTypes(result: EnabledTypesResult): string[] {
  const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  return [
    `enabled types: ${result.types} CRDs enabled, no objects, ${result.members} members`,
    `RSS after GC: ${mib(result.residentBytesBefore)} MiB -> ${mib(result.residentBytesAfter)} MiB (+${mib(result.residentBytesAfter - result.residentBytesBefore)} MiB)`,
    `V8 heap used after GC: ${mib(result.heapUsedBytesBefore)} MiB -> ${mib(result.heapUsedBytesAfter)} MiB (+${mib(result.heapUsedBytesAfter - result.heapUsedBytesBefore)} MiB)`,
    `open sockets: ${result.socketsBefore} -> ${result.socketsAfter}`,
    ...(result.profiled ? ['(--profile: the first heap snapshot grows the RSS for good, so only the heap figures compare)'] : []),
    `idle CPU over ${result.idleWindowMs / 1000} s: ${result.idleCpuSecondsBefore.toFixed(2)} s -> ${result.idleCpuSecondsAfter.toFixed(2)} s`,
  ];
}
