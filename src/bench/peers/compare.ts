// `npm run bench -- --peers kubefed-v2,karmada`: kubefed, then each peer with its defaults and tuned, each on a fresh
// lab of the same binaries (new etcd, new federation and member API servers), through the same phases.
import { execFile } from 'node:child_process';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type BenchLab, startBenchLab } from '../bench-lab.js';
import { type PhaseContext, round } from '../context.js';
import { CpuMeter } from '../cpu-budget.js';
import { LoadWatch } from '../environment.js';
import { type BenchOptions, defaultObjects } from '../options.js';
import { labShape, workloadFor } from '../with-lab.js';
import type { BenchKind, Workload } from '../workload.js';
import { karmadaVersion } from './karmada.js';
import { KarmadaSystem } from './karmada-system.js';
import { kubefedV2Version } from './kubefed-v2.js';
import { KubefedV2System } from './kubefed-v2-system.js';
import { KubefedSystem } from './kubefed-system.js';
import { assertLoopback } from './listeners.js';
import { MemoryWatch } from './meter.js';
import { measurePeerLatency, measurePeerPropagation, measurePeerRestart, warmUp } from './phases.js';
import type { ComparisonResult, KindComparison, PhaseFailure, SystemResult } from './results.js';
import type { PeerName } from '../peer-names.js';
import { errorMessage } from '../../kube/errors.js';
import { comparisonRuns, type Profile, type SystemName, type SystemUnderTest } from './system.js';

const packageRoot = fileURLToPath(new URL('../../../', import.meta.url));
const peerBinariesScript = path.join(packageRoot, 'scripts', 'peer-binaries.sh');

/** peerBinaries builds (nice -n 19) or finds a peer's binaries in the versioned cache, and returns their directory. */
export async function peerBinaries(peer: PeerName, log: (line: string) => void): Promise<string> {
  log(`${peer}: locating its binaries (a first build takes a while; see scripts/peer-binaries.sh)`);
  const environment = { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/local/go/bin` };
  const { stdout } = await promisify(execFile)('bash', [peerBinariesScript, peer], { env: environment, maxBuffer: 16 * 2 ** 20, timeout: 3 * 3600_000 });
  return stdout.trim().split('\n').at(-1) ?? '';
}

interface SystemFactory {
  (lab: BenchLab, workload: Workload): SystemUnderTest;
}

function factory(system: SystemName, profile: Profile, options: BenchOptions, binaries: Record<string, string>, log: (line: string) => void): SystemFactory {
  switch (system) {
    case 'kubefed':
      return (lab, workload) => new KubefedSystem(lab, workload, options, options.timeoutMs, log);
    case 'kubefed-v2':
      return (lab, workload) => new KubefedV2System(profile, lab, workload, binaries[system] ?? '', options.timeoutMs, log);
    case 'karmada':
      return (lab, workload) => new KarmadaSystem(profile, lab, workload, binaries[system] ?? '', options.timeoutMs, log);
  }
}

async function failure(
  phase: PhaseFailure['phase'],
  error: unknown,
  system: SystemUnderTest | undefined,
  log: (line: string) => void,
  signal: AbortSignal,
  since?: Date,
): Promise<PhaseFailure> {
  // Interrupted, the processes were stopped by the benchmark: that is no failure of the system.
  signal.throwIfAborted();
  const message = error instanceof Error ? error.message : String(error);
  const logLines = system ? await system.errorLines(8, since).catch(() => []) : [];
  log(`${phase} failed: ${message}`);
  for (const line of logLines) {
    log(`  ${line}`);
  }
  return { phase, message, logLines };
}

/** The lab binaries' directory, for the record. */
let labBinaries = '';

/** objectsFor is N for a kind: --objects when given, else the kind's default (2000 ConfigMaps, 200 Deployments). */
export function objectsFor(options: Pick<BenchOptions, 'objectsGiven'>, kind: BenchKind): number {
  return options.objectsGiven ?? defaultObjects[kind];
}

/** measureSystem runs one system through every phase on its own lab; a failed phase is recorded and ends the run. */
async function measureSystem(
  options: BenchOptions,
  kind: BenchKind,
  run: { system: SystemName; profile: Profile },
  make: SystemFactory,
  log: (line: string) => void,
  signal: AbortSignal,
): Promise<SystemResult> {
  const shapeOptions = { ...options, kind, objects: objectsFor(options, kind) };
  const workload = workloadFor(shapeOptions);
  const shape = labShape(shapeOptions);
  const say = (line: string): void => log(`${kind} ${run.system} (${run.profile}): ${line}`);
  say(`starting a fresh lab: 1 federation + ${options.members} members${shape.workloads ? `, ${shape.nodes} fake nodes each` : ''}`);
  const lab = await startBenchLab({ members: options.members, ...shape, aggregation: true, join: false, log: (line) => say(`lab: ${line}`), signal });
  labBinaries = lab.state.binaries;
  const context: PhaseContext = { lab, workload, objects: shapeOptions.objects, timeoutMs: options.timeoutMs, log: say, cpu: new CpuMeter(lab.state) };
  const system = make(lab, workload);
  const memory = new MemoryWatch(() => system.processes());
  const failures: PhaseFailure[] = [];
  const result: SystemResult = {
    system: run.system,
    profile: run.profile,
    description: system.describe(),
    setupMs: 0,
    peakResidentBytes: 0,
    peakResidentByProcess: {},
    failures,
  };
  let failed = true;
  try {
    const began = performance.now();
    try {
      await system.start();
      memory.start();
      await warmUp(context, system);
      result.setupMs = round(performance.now() - began);
      say(`running after ${result.setupMs} ms`);
    } catch (error) {
      failures.push(await failure('setup', error, system, say, signal));
      return result;
    }
    signal.throwIfAborted();
    let since = new Date();
    const propagation = await measurePeerPropagation(context, system, options.createConcurrency);
    if (propagation.error) {
      failures.push(await failure('propagation', new Error(`${propagation.error.message} (${propagation.copies} of ${shapeOptions.objects * options.members} copies arrived)`), system, say, signal, since));
      return result;
    }
    result.propagation = propagation.result;
    signal.throwIfAborted();
    since = new Date();
    try {
      result.restart = await measurePeerRestart(context, system);
    } catch (error) {
      failures.push(await failure('restart', error, system, say, signal, since));
      return result;
    }
    signal.throwIfAborted();
    since = new Date();
    try {
      result.latency = await measurePeerLatency(context, system, options.samples);
    } catch (error) {
      failures.push(await failure('latency', error, system, say, signal, since));
    }
    failed = false;
    return result;
  } finally {
    // Listeners opened after start-up (per member, per type) are checked again before the processes go.
    for (const process of system.processes()) {
      await assertLoopback(process.name, process.pid).catch(async (error: unknown) => failures.push(await failure('setup', error, system, say, signal)));
    }
    await memory.stop().catch(() => undefined);
    result.peakResidentBytes = memory.peakResidentBytes;
    result.peakResidentByProcess = memory.peakByProcess;
    result.description = system.describe();
    await system.stop();
    if (options.keepLogs) {
      const target = path.join(options.keepLogs, `${kind}-${run.system}-${run.profile}`);
      await cp(path.join(lab.directory, 'logs'), target, { recursive: true }).catch((error: unknown) => say(`logs not kept: ${errorMessage(error)}`));
      say(`logs copied to ${target}`);
    }
    say(failed ? `stopping the lab; its logs stay in ${lab.directory}` : 'stopping the lab');
    await lab.close(failed || failures.length > 0);
  }
}

/** runComparison runs every system and profile for every kind asked for, one lab at a time. */
export async function runComparison(options: BenchOptions, peers: readonly PeerName[], kinds: readonly BenchKind[], log: (line: string) => void, signal: AbortSignal): Promise<ComparisonResult> {
  const load = new LoadWatch();
  await load.noteOtherProcesses();
  const began = performance.now();
  // Builds first: a cold Karmada build takes far longer than any phase, and must not overlap one.
  const binaries: Record<string, string> = {};
  for (const peer of peers) {
    binaries[peer] = await peerBinaries(peer, log);
  }
  const results: KindComparison[] = [];
  for (const kind of kinds) {
    const kindBegan = performance.now();
    const objects = objectsFor(options, kind);
    const shape = labShape({ ...options, kind, objects });
    const comparison: KindComparison = {
      kind,
      objects,
      members: options.members,
      samples: options.samples,
      createConcurrency: options.createConcurrency,
      lab: { workloads: shape.workloads, nodesPerMember: shape.nodes, ...(kind === 'deployment' ? { replicasPerMember: options.replicasPerMember } : {}) },
      durationSeconds: 0,
      systems: [],
    };
    for (const run of comparisonRuns(peers)) {
      signal.throwIfAborted();
      comparison.systems.push(await measureSystem(options, kind, run, factory(run.system, run.profile, options, binaries, log), log, signal));
    }
    comparison.durationSeconds = round((performance.now() - kindBegan) / 1000);
    results.push(comparison);
  }
  return {
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`,
    environment: load.environment(labBinaries, 'see each system'),
    versions: { 'kubefed-v2': kubefedV2Version, karmada: karmadaVersion },
    durationSeconds: round((performance.now() - began) / 1000),
    kinds: results,
  };
}
