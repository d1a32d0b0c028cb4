// The shape of a comparison's figures (written as JSON; the report and the plot are rendered from it alone).
import type { CpuBudget } from '../cpu-budget.js';
import type { Environment } from '../results.js';
import type { Summary } from '../statistics.js';
import type { WriteTally } from './apiserver-writes.js';
import type { CpuByProcess } from './meter.js';
import type { Profile, SystemDescription, SystemName } from './system.js';

export interface PhaseFailure {
  phase: 'setup' | 'propagation' | 'restart' | 'latency';
  message: string;
  /** The system's own warning and error log lines at the time. */
  logLines: string[];
}

export interface PeerPropagation {
  /** First create sent → last create accepted by the federation API server. */
  federationAcceptMs: number;
  /** First create sent → last of the N × M copies seen by the members' watches. */
  allCopiesMs: number;
  perMemberMs: Record<string, number>;
  objectsPerSecond: number;
  /** First create → the system's processes idle (CPU below 5 % of a core for 2 s). */
  settledMs: number;
  /** The system's CPU seconds per process, first create → settled. */
  cpu: CpuByProcess;
  cpuSecondsPer1000Objects: number;
  /** The lab's CPU (API servers, etcd, controllers, benchmark client), first create → all copies. */
  labCpu: CpuBudget;
  /** Writes the API servers received, first create → settled (the N creates included), and per object. */
  writes: WriteTally;
  federationWritesPerObject: number;
  memberWritesPerObject: number;
}

export interface PeerLatency {
  samples: number;
  failures: number;
  create: Summary;
  update: Summary;
  delete: Summary;
  raw: { create: number[]; update: number[]; delete: number[] };
}

export interface PeerRestart {
  /** Controllers started → running (health endpoints answering). */
  readyMs: number;
  /** Started → settled again. */
  settledMs: number;
  /** How long writes were counted after starting. */
  observedMs: number;
  /** Writes to the federation and the members (heartbeats and leader election excluded). */
  writes: number;
  leaderElectionWrites: number;
  tally: WriteTally;
}

export interface SystemResult {
  system: SystemName;
  profile: Profile;
  description: SystemDescription;
  setupMs: number;
  propagation?: PeerPropagation;
  restart?: PeerRestart;
  latency?: PeerLatency;
  /** Highest summed RSS of the system's processes, sampled every 500 ms over the whole run. */
  peakResidentBytes: number;
  /** Each process's own peak (VmHWM). */
  peakResidentByProcess: Record<string, number>;
  failures: PhaseFailure[];
}

export interface KindComparison {
  kind: string;
  objects: number;
  members: number;
  samples: number;
  createConcurrency: number;
  lab: { workloads: boolean; nodesPerMember: number; replicasPerMember?: number };
  durationSeconds: number;
  systems: SystemResult[];
}

export interface ComparisonResult {
  command: string;
  environment: Environment;
  versions: Record<string, string>;
  durationSeconds: number;
  kinds: KindComparison[];
}
