// The benchmark's command line, parsed into BenchOptions. Pure apart from commander's own parsing.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { errorMessage } from '../kube/errors.js';
import { parsePeers, peerNames, type PeerName } from './peer-names.js';
import { benchKinds, type BenchKind } from './workload.js';

export interface BenchOptions {
  kind: BenchKind;
  /** N: objects created (2000 ConfigMaps, 200 Deployments unless given). */
  objects: number;
  /** M: member clusters (the first of --members when it lists several). */
  members: number;
  /** --members 1,3,6,10: the member sweep, one fresh lab per count (ConfigMaps, members without workloads). */
  memberCounts?: number[];
  /** Latency samples of each of create, update and delete. */
  samples: number;
  /** Writes in flight per member, for the raw client and the controller-manager's --member-concurrency. */
  memberConcurrency: number;
  workers: number;
  /** Concurrent creates of the federated objects ("as fast as the federation API server accepts them"). */
  createConcurrency: number;
  /** Deployments only: replicas each member runs per Deployment. */
  replicasPerMember: number;
  /** Further controller-manager flags, e.g. --federation-qps=200. */
  controllerManagerFlags: string[];
  json?: string;
  /** profile: a directory for a CPU profile of the propagation phase and a heap snapshot at steady state. */
  profile?: string;
  /** sweep: controller-manager flag sets to compare on propagation throughput only (see parseSweep). */
  sweep?: SweepVariant[];
  /** dir: the lab directory; a fresh temporary one when absent. */
  dir?: string;
  /** build: another kubefed dist/ directory whose controller-manager to measure (default: this checkout's). */
  build?: string;
  /** keepLogs: a directory to copy the lab's and the controller-manager's logs into before the lab is removed. */
  keepLogs?: string;
  /** Longest wait of any phase, in milliseconds. */
  timeoutMs: number;
  /** N as given with --objects (the peer comparison runs each kind with its own default otherwise). */
  objectsGiven?: number;
  /** --peers: compare kubefed with these systems (defaults and tuned) instead of the kubefed-only run. */
  peers?: PeerName[];
  /** The kinds the peer comparison runs: --kind when given, else both. */
  kinds: BenchKind[];
  /** --out: where the peer comparison writes PREFIX.json, PREFIX.md and PREFIX.svg. */
  out?: string;
  /** --render FILE.json: render the report and plot of an earlier comparison, without running anything. */
  render?: string;
  /** --partition: throughput and create latency all healthy (direct, then through the proxies) and with one member partitioned. */
  partition?: boolean;
  /** --big-objects KIB: only the big-objects scenario, N ConfigMaps (100 unless --objects) of this many KiB each. */
  bigObjectKiB?: number;
  /** --enabled-types N: measure only what N enabled types with no objects cost at idle (see enabled-types.ts). */
  enabledTypes?: number;
}

/** A sweep variant: controller-manager flags by name (without --), e.g. { 'member-concurrency': '32', workers: '8' }. */
export type SweepVariant = Record<string, string>;

export const defaultObjects: Record<BenchKind, number> = { configmap: 2000, deployment: 200 };

/** The big-objects scenario of issue 13: 100 ConfigMaps of 900 KiB (just under the API server's 1 MiB object limit). */
export const bigObjectsDefaults = { objects: 100, kib: 900 };

/** Latency samples per operation in the peer comparison, unless --samples says otherwise. */
export const peerSamples = 100;

const parsePeersOption = (text: string): PeerName[] => {
  try {
    return parsePeers(text);
  } catch (error) {
    throw new InvalidArgumentError(errorMessage(error));
  }
};

const whole = (minimum: number) => (text: string): number => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum) {
    throw new InvalidArgumentError(`expected a whole number of at least ${minimum}`);
  }
  return value;
};

/** parseMemberCounts reads "3" or "1,3,6,10": distinct whole numbers of at least 1, in the order given. */
export function parseMemberCounts(text: string): number[] {
  const counts = text.split(',').map((part) => part.trim()).filter((part) => part !== '').map((part) => whole(1)(part));
  if (counts.length === 0) {
    throw new InvalidArgumentError('expected a member count or a comma-separated list of them');
  }
  if (new Set(counts).size !== counts.length) {
    throw new InvalidArgumentError(`"${text}" lists a member count twice`);
  }
  return counts;
}

/**
 * parseSweep reads "member-concurrency=8,workers=8;member-concurrency=32,workers=32": variants separated by ';',
 * each a comma-separated list of controller-manager flag=value pairs.
 */
export function parseSweep(text: string): SweepVariant[] {
  const variants = text
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const variant: SweepVariant = {};
      for (const pair of part.split(',').map((item) => item.trim()).filter((item) => item !== '')) {
        const match = /^(?:--)?([a-z][a-z0-9-]*)=(\S+)$/.exec(pair);
        if (!match) {
          throw new InvalidArgumentError(`"${pair}" is not flag=value`);
        }
        const [, name = '', value = ''] = match;
        variant[name] = value;
      }
      return variant;
    });
  if (variants.length === 0) {
    throw new InvalidArgumentError('expected at least one variant');
  }
  return variants;
}

/** describeVariant renders a sweep variant as flags, or "defaults". */
export function describeVariant(variant: SweepVariant): string {
  const entries = Object.entries(variant);
  return entries.length === 0 ? 'defaults' : entries.map(([name, value]) => `--${name}=${value}`).join(' ');
}

export function benchCommand(): Command {
  return new Command('bench')
    .description('kubefed benchmark: raw member write limit, propagation throughput, latency, restart cost and memory, on its own lab')
    .addOption(new Option('--kind <kind>', 'kind of object').choices(benchKinds).default('configmap'))
    .option('--objects <n>', 'objects to create (default: 2000 ConfigMaps or 200 Deployments)', whole(1))
    .option('--members <m>', 'member clusters; a list (1,3,6,10) sweeps them, a fresh lab per count', parseMemberCounts, [3])
    .option('--samples <n>', 'latency samples of each of create, update and delete', whole(1), 200)
    .option('--member-concurrency <n>', 'writes in flight per member (raw client and controller-manager)', whole(1), 16)
    .option('--workers <n>', "the controller-manager's --workers", whole(1), 16)
    .option('--create-concurrency <n>', 'concurrent creates of the federated objects', whole(1), 32)
    .option('--replicas-per-member <n>', 'deployment replicas per member (0: no pods start, to tell their start-up from the rest)', whole(0), 1)
    .option('--cm-flag <flag>', 'extra controller-manager flag, e.g. --cm-flag=--federation-qps=200 (repeatable)', (value: string, all: string[]) => [...all, value], [])
    .option('--json <file>', 'write every figure to this file')
    .option('--profile <dir>', 'write a CPU profile of the propagation phase and a heap snapshot at steady state to this directory')
    .option('--sweep <variants>', 'compare flag sets on throughput only: "member-concurrency=8,workers=8;workers=32"', parseSweep)
    .option('--dir <dir>', 'lab directory (default: a new temporary directory, removed afterwards)')
    .option('--build <dist>', "measure the controller-manager of another kubefed build (its dist/ directory), e.g. a patched copy")
    .option('--keep-logs <dir>', "copy the lab's and the controller-manager's logs into this directory at the end")
    .option('--enabled-types <n>', 'measure only the idle cost (RSS, CPU) of N enabled types with no objects', whole(1))
    .option('--timeout <seconds>', 'longest wait of any phase', whole(1), 900)
    .option('--peers <names>', `compare with other federation systems (${peerNames.join(', ')}), each with its defaults and tuned`, parsePeersOption)
    .option('--out <prefix>', 'peer comparison or member sweep: write PREFIX.json, PREFIX.md and PREFIX.svg (default bench-results/peers-<date> or members-<date>)')
    .option('--big-objects [kib]', 'only the big-objects scenario: --objects ConfigMaps (default 100) of KIB KiB each (default 900) propagate; reports peak RSS against the manifests\' memory limit', (text: string) => whole(1)(text))
    .option('--render <files>', 'render PREFIX.md and PREFIX.svg from comparison JSON written earlier (several, comma-separated, are merged into --out), and exit')
    .option('--partition', 'compare throughput and create latency with every member healthy (direct, then through the lab proxies) and with the last member partitioned')
    .helpOption('-h, --help', 'show the options');
}

/** parseBenchOptions parses argv (without node and script) into BenchOptions; errors throw commander errors. */
export function parseBenchOptions(argv: string[]): BenchOptions {
  const command = benchCommand().exitOverride().configureOutput({ writeErr: () => undefined });
  command.parse(argv, { from: 'user' });
  // The option parsers above produce exactly these types.
  const raw = command.opts<RawBenchOptions>();
  const kind = raw.kind;
  const kindGiven = command.getOptionValueSource('kind') !== 'default';
  const peers = raw.peers;
  // The comparison runs 100 samples per operation unless told otherwise: Karmada's defaults take seconds per sample.
  const samplesGiven = command.getOptionValueSource('samples') !== 'default';
  const memberCounts = raw.members;
  if (memberCounts.length > 1) {
    const conflict = peers ? '--peers' : raw.sweep ? '--sweep' : kind === 'deployment' ? '--kind deployment (the sweep runs members without workloads)' : undefined;
    if (conflict) {
      throw new CommanderError(2, 'kubefed.bench.members', `--members with several counts cannot be combined with ${conflict}`);
    }
  }
  return {
    kind,
    objects: raw.objects ?? (raw.bigObjects === undefined ? defaultObjects[kind] : bigObjectsDefaults.objects),
    members: memberCounts[0]!,
    ...(memberCounts.length > 1 ? { memberCounts } : {}),
    samples: peers && !samplesGiven ? peerSamples : raw.samples,
    memberConcurrency: raw.memberConcurrency,
    workers: raw.workers,
    createConcurrency: raw.createConcurrency,
    replicasPerMember: raw.replicasPerMember,
    controllerManagerFlags: raw.cmFlag,
    json: raw.json,
    profile: raw.profile,
    sweep: raw.sweep,
    dir: raw.dir,
    keepLogs: raw.keepLogs,
    build: raw.build,
    timeoutMs: raw.timeout * 1000,
    objectsGiven: raw.objects,
    peers,
    kinds: kindGiven || !peers ? [kind] : [...benchKinds],
    out: raw.out,
    render: raw.render,
    partition: raw.partition === true,
    ...(raw.bigObjects === undefined ? {} : { bigObjectKiB: raw.bigObjects === true ? bigObjectsDefaults.kib : raw.bigObjects }),
    enabledTypes: raw.enabledTypes,
  };
}

/** RawBenchOptions are the values benchCommand's options parse to. */
interface RawBenchOptions
  extends Pick<
    BenchOptions,
    'kind' | 'samples' | 'memberConcurrency' | 'workers' | 'createConcurrency' | 'replicasPerMember' | 'json' | 'profile' | 'sweep' | 'dir' | 'build' | 'keepLogs' | 'peers' | 'out' | 'render' | 'partition' | 'enabledTypes'
  > {
  objects?: number;
  /** --members: one count, or several for the member sweep. */
  members: number[];
  /** --big-objects with no value is true: the default size. */
  bigObjects?: number | true;
  cmFlag: string[];
  timeout: number;
}

/**
 * controllerManagerFlags are the flags the benchmark runs the controller-manager with: only the benchmarked
 * kind's controller (and namespaces), no leader election (so Lease renewals are not counted as writes), the
 * chosen concurrency, then the extra flags, which win.
 */
export function controllerManagerFlags(options: Pick<BenchOptions, 'memberConcurrency' | 'workers' | 'controllerManagerFlags'>, controllers: string, variant: SweepVariant = {}): string[] {
  const flags = new Map<string, string>([
    ['controllers', controllers],
    ['leader-elect', 'false'],
    ['member-concurrency', String(options.memberConcurrency)],
    ['workers', String(options.workers)],
  ]);
  for (const extra of options.controllerManagerFlags) {
    const match = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(extra);
    if (!match) {
      throw new Error(`--cm-flag ${extra}: expected --flag=value`);
    }
    const [, name = '', value = 'true'] = match;
    flags.set(name, value);
  }
  for (const [name, value] of Object.entries(variant)) {
    flags.set(name, value);
  }
  return [...flags.entries()].map(([name, value]) => `--${name}=${value}`);
}

/** flagValue reads one flag's value back from a flag list built by controllerManagerFlags. */
export function flagValue(flags: readonly string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  return flags.findLast((flag) => flag.startsWith(prefix))?.slice(prefix.length);
}
