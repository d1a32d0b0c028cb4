// The shape of every figure the benchmark reports (and writes with --json).
import type { CpuBudget } from './cpu-budget.js';
import type { Summary } from './statistics.js';

export interface WriteCounts {
  federation: number;
  members: number;
  /** host:port → writes (POST, PUT, PATCH, DELETE from rest_client_requests_total). */
  byHost: Record<string, number>;
  /**
   * Every write the federation API server took, by "VERB resource[/subresource]" (its apiserver_request_total):
   * the benchmark's creates of the federated objects included.
   */
  federationByRequest?: Record<string, number>;
}

export interface RawRun {
  /**
   * create: POST; apply: server-side apply PATCH, the request kubefed itself sends; get-apply: a GET (404) and then
   * the apply, kubefed's whole request pattern for a new member copy.
   */
  method: 'create' | 'apply' | 'get-apply';
  concurrencyPerMember: number;
  /** First write sent → last copy seen by the members' watches. */
  durationMs: number;
  objectsPerSecond: number;
  writesPerSecond: number;
  failures: number;
  perMemberMs: Record<string, number>;
  /** Deployments: first write → every member Deployment rolled out (pods ready). */
  rolledOutMs?: number;
  /** CPU seconds of every process on the machine during the run (up to the last copy seen). */
  cpu: CpuBudget;
  /** Machine CPU milliseconds per object (all M copies). */
  cpuMsPerObject: number;
  /** The benchmark process's own CPU milliseconds per member write (its requests and its watches of the members). */
  clientCpuMsPerWrite: number;
}

/**
 * The necessary-work limit: a plain client doing only what any federation must cause — the user's N creates into
 * the federation API server (K in flight) and, at the same time, the N × M member creates (C in flight per member).
 */
export interface NecessaryRun {
  createConcurrency: number;
  concurrencyPerMember: number;
  /** First write sent → last federation create accepted. */
  federationAcceptMs: number;
  /** First write sent → the later of the last federation create accepted and the last member copy seen. */
  durationMs: number;
  objectsPerSecond: number;
  /** N × (1 + M) writes over durationMs. */
  writesPerSecond: number;
  perMemberMs: Record<string, number>;
  cpu: CpuBudget;
  cpuMsPerObject: number;
  /** The benchmark process's own CPU milliseconds per write (federation and member writes alike). */
  clientCpuMsPerWrite: number;
}

export interface RawResult {
  create: RawRun;
  apply: RawRun;
  /** Not a yardstick: kubefed's member request pattern without kubefed, to tell the members' share from kubefed's. */
  getApply?: RawRun;
  /** The faster of create and apply: the yardstick. */
  best: 'create' | 'apply';
  objectsPerSecond: number;
  /** The second yardstick, measured in the same run (absent in the flag sweep). */
  necessary?: NecessaryRun;
}

/** kubefed against both yardsticks of the same run (see limits.ts). */
export interface LimitComparison {
  kubefedObjectsPerSecond: number;
  rawObjectsPerSecond: number;
  necessaryObjectsPerSecond?: number;
  ratioToRaw?: number;
  ratioToNecessary?: number;
  /**
   * Machine CPU per object of the necessary work over kubefed's (first create until all copies): the throughput ratio
   * a CPU-bound machine would show, and unlike throughput not skewed when other work shares the cores.
   */
  cpuRatioToNecessary?: number;
  /** The raw POST client's own CPU per member write. */
  rawClientCpuMsPerWrite: number;
  /** The controller-manager's CPU (first create until idle) per (object × member). */
  controllerCpuMsPerCopy?: number;
  /** controllerCpuMsPerCopy / rawClientCpuMsPerWrite. */
  controllerCpuToClientCpu?: number;
}

export interface MemoryFigures {
  residentBytes: number;
  heapUsedBytes: number;
  /** RssAnon, V8's committed heap (process.memoryUsage().heapTotal) and external memory, when read. */
  breakdown?: { anonymousBytes?: number; heapCommittedBytes: number; externalBytes: number };
}

export interface PropagationResult {
  /** First federated create sent → last create accepted by the federation API server. */
  federationAcceptMs: number;
  createFailures: number;
  /** First federated create sent → last of the N×M member copies seen by the members' watches. */
  allCopiesMs: number;
  perMemberMs: Record<string, number>;
  objectsPerSecond: number;
  ratioToRaw?: number;
  ratioToNecessary?: number;
  /** Deployments: first create → every federated Deployment's aggregated status reports all replicas ready. */
  statusReadyMs?: number;
  /** First create → the controller-manager idle (queues empty, no reconcile or write for the quiet window). */
  settledMs: number;
  cpuSeconds: number;
  cpuSecondsPer1000Objects?: number;
  writes: WriteCounts;
  /** The reads (GET, LIST, finished WATCHes) the federation API server and the members' (summed) took, by "VERB resource". */
  reads?: { federation: Record<string, number>; members: Record<string, number> };
  reconciles: number;
  reconcileErrors: number;
  memberWriteErrors: number;
  /** Events the controller-manager dropped because too many were waiting (kubefed_events_dropped_total; 0 if absent). */
  eventsDropped: number;
  peakResidentBytes: number;
  peakHeapUsedBytes: number;
  /** CPU seconds of every process on the machine from the first create until all copies were seen. */
  cpu: CpuBudget;
  cpuMsPerObject: number;
  /** CPU seconds of every process from the first create until the controller-manager was idle (events included). */
  cpuUntilSettled: CpuBudget;
  /** Warnings and errors the controller-manager logged during the phase (the first few, and how many). */
  warnings: { count: number; first: string[] };
  profile?: { cpuProfile: string; heapSnapshot?: string };
}

export interface MemoryResult {
  /** Fresh controller-manager, caches synced, before any benchmark object, after a full GC. */
  baseline: MemoryFigures;
  /** The same process after propagating N objects and going idle, after a full GC. */
  steady: MemoryFigures;
  /** The same a minute later, still idle (V8 and the allocator return memory lazily). */
  steadyAfterIdle: MemoryFigures;
  /** A fresh process holding the N objects in sync (after the restart), after a full GC. */
  restarted?: MemoryFigures;
  managedCopies: number;
  /** (steady − baseline) / (N × M). */
  residentBytesPerCopy: number;
  /** (steadyAfterIdle − baseline) / (N × M). */
  idleResidentBytesPerCopy: number;
  heapBytesPerCopy: number;
  /** (restarted − baseline) / (N × M): the same without what the propagation burst left behind. */
  restartedResidentBytesPerCopy?: number;
  restartedHeapBytesPerCopy?: number;
  /** Peak RSS (VmHWM) of the process that did the propagation. */
  peakResidentBytes: number;
  peakHeapUsedBytes: number;
}

export interface RestartResult {
  /** Spawn → /readyz 200 and controllers started. */
  readyMs: number;
  /** Spawn → idle again after the initial full reconcile. */
  settledMs: number;
  /** How long writes were counted for after spawning. */
  observedMs: number;
  writes: WriteCounts;
  reconciles: number;
  cpuSeconds: number;
}

export interface LatencyResult {
  samples: number;
  /** Milliseconds from the federation write being sent to the change being visible in every member. */
  create: Summary;
  update: Summary;
  delete: Summary;
  /**
   * Deployments: milliseconds from the federation write to the federated status reporting every replica of the new
   * generation ready (pods running in every member, status aggregated back). Each update and delete sample waits for it.
   */
  rolledOut?: { create: Summary; update: Summary };
  failures: number;
  raw: { create: number[]; update: number[]; delete: number[] };
}

export interface DeletionResult {
  /** Federated namespace deleted → every member copy gone (watch). */
  allCopiesDeletedMs: number;
  objectsPerSecond: number;
  /** → the namespace gone from the federation and every member. */
  namespaceGoneMs: number;
}

export interface TargetCheck {
  name: string;
  target: string;
  value: string;
  met: boolean | undefined;
  note?: string;
}

export interface Environment {
  date: string;
  hostname: string;
  cpus: number;
  cpuModel: string;
  memoryBytes: number;
  node: string;
  kubernetesBinaries: string;
  loadAverageBefore: number[];
  loadAverageAfter: number[];
  /** Highest 1-minute load average seen during the run, sampled every 5 s. */
  loadAveragePeak: number;
  /** Busiest other processes by CPU at the start (other engineers' tests on a shared machine). */
  otherProcesses?: string;
  /** Hash of the controller-manager's compiled code that was measured. */
  build: string;
}

export interface BenchResult {
  kind: string;
  objects: number;
  members: number;
  samples: number;
  lab: { workloads: boolean; nodesPerMember: number; replicasPerMember?: number };
  controllerManagerFlags: string[];
  /** The allocator settings the controller-manager ran with (src/daemon/config/runtime.ts); none where jemalloc is not installed. */
  controllerManagerEnvironment?: Record<string, string>;
  createConcurrency: number;
  environment: Environment;
  durationSeconds: number;
  raw: RawResult;
  propagation: PropagationResult;
  memory: MemoryResult;
  restart: RestartResult;
  latency: LatencyResult;
  deletion: DeletionResult;
  limits: LimitComparison;
  targets: TargetCheck[];
}

export interface SweepRow {
  variant: string;
  flags: string[];
  raw: RawRun;
  propagation: PropagationResult;
}

export interface SweepResult {
  kind: string;
  objects: number;
  members: number;
  environment: Environment;
  rows: SweepRow[];
}

/** One member count of the --members sweep: the two yardsticks, propagation, create latency and memory. */
export interface MemberSweepRow {
  members: number;
  raw: RawResult;
  necessary: NecessaryRun;
  propagation: PropagationResult;
  limits: LimitComparison;
  create: Summary;
  memory: { baseline: MemoryFigures; steady: MemoryFigures; residentBytesPerCopy: number; heapBytesPerCopy: number };
}

export interface MemberSweepResult {
  kind: string;
  objects: number;
  samples: number;
  command: string;
  controllerManagerFlags: string[];
  environment: Environment;
  durationSeconds: number;
  rows: MemberSweepRow[];
}
