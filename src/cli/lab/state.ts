// The lab state file (DIR/lab.json): what was started, so that later commands can find, check and stop it.
import { isJsonObject } from '../../scheduling/go-json.js';
import { rename, writeFile } from 'node:fs/promises';
import { labPaths } from './layout.js';
import { errorMessage } from '../../kube/errors.js';
import { readIfPresent } from '../shared/files.js';

export const componentNames = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok', 'member-proxy'] as const;
export type ComponentName = (typeof componentNames)[number];
export type ClusterRole = 'federation' | 'member';

export interface ComponentState {
  readonly component: ComponentName;
  /** The pid of the last start; whether it still runs is checked against `command` (see processes.ts). */
  pid: number;
  readonly ports: Readonly<Record<string, number>>;
  /** The binary followed by its arguments, exactly as spawned. */
  readonly command: readonly string[];
  readonly log: string;
}

export interface ClusterState {
  readonly name: string;
  readonly role: ClusterRole;
  /** https://127.0.0.1:PORT */
  readonly server: string;
  /** Path of the PEM CA that signed the API server's serving certificate. */
  readonly certificateAuthority: string;
  readonly workloads: boolean;
  readonly nodes: number;
  readonly components: ComponentState[];
}

export interface LabState {
  readonly version: 1;
  readonly directory: string;
  readonly binaries: string;
  readonly kubeconfig: string;
  readonly federation: string;
  readonly startedAt: string;
  /** Absent until etcd has been spawned. */
  etcd?: ComponentState;
  readonly clusters: ClusterState[];
}

/** Every component of the lab, etcd first, with the cluster it belongs to (undefined for etcd). */
export function labComponents(state: LabState): { cluster: string | undefined; component: ComponentState }[] {
  const shared = state.etcd === undefined ? [] : [{ cluster: undefined, component: state.etcd }];
  return [...shared, ...state.clusters.flatMap((cluster) => cluster.components.map((component) => ({ cluster: cluster.name, component })))];
}

export function findCluster(state: LabState, name: string): ClusterState {
  const cluster = state.clusters.find((candidate) => candidate.name === name);
  if (cluster === undefined) {
    const known = state.clusters.map((candidate) => candidate.name).join(', ');
    throw new Error(`the lab in ${state.directory} has no cluster named ${name} (clusters: ${known})`);
  }
  return cluster;
}

export function findComponent(cluster: ClusterState, name: ComponentName): ComponentState | undefined {
  return cluster.components.find((component) => component.component === name);
}

/** proxiedServer is kubefed's address of a member: its proxy (see proxy-server.ts); undefined for the federation. */
export function proxiedServer(cluster: ClusterState): string | undefined {
  const port = findComponent(cluster, 'member-proxy')?.ports.listen;
  return port === undefined ? undefined : `https://127.0.0.1:${port}`;
}

export function renderLabState(state: LabState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

/** parseLabState validates the shape as well, so a damaged or foreign file fails here with its path, not later. */
export function parseLabState(text: string, source: string): LabState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not JSON: ${errorMessage(error)}`, { cause: error });
  }
  const problem = (what: string): Error => new Error(`${source} is not a lab state file: ${what}`);
  const state = requireObject(value, 'the document', problem);
  if (state.version !== 1) {
    throw problem(`unsupported version ${JSON.stringify(state.version)}`);
  }
  for (const key of ['directory', 'binaries', 'kubeconfig', 'federation', 'startedAt']) {
    requireText(state[key], key, problem);
  }
  if (state.etcd !== undefined) {
    checkComponent(state.etcd, 'etcd', problem);
  }
  if (!Array.isArray(state.clusters)) {
    throw problem('clusters is not a list');
  }
  state.clusters.forEach((entry: unknown, index: number) => {
    const cluster = requireObject(entry, `clusters[${index}]`, problem);
    for (const key of ['name', 'server', 'certificateAuthority']) {
      requireText(cluster[key], `clusters[${index}].${key}`, problem);
    }
    if (cluster.role !== 'federation' && cluster.role !== 'member') {
      throw problem(`clusters[${index}].role is ${JSON.stringify(cluster.role)}`);
    }
    if (typeof cluster.workloads !== 'boolean' || typeof cluster.nodes !== 'number') {
      throw problem(`clusters[${index}] lacks workloads or nodes`);
    }
    if (!Array.isArray(cluster.components)) {
      throw problem(`clusters[${index}].components is not a list`);
    }
    cluster.components.forEach((item: unknown, position: number) => checkComponent(item, `clusters[${index}].components[${position}]`, problem));
  });
  return value as LabState;
}

function requireObject(value: unknown, what: string, problem: (what: string) => Error): Record<string, unknown> {
  if (!isJsonObject(value)) {
    throw problem(`${what} is not an object`);
  }
  return value;
}

function requireText(value: unknown, what: string, problem: (what: string) => Error): void {
  if (typeof value !== 'string' || value === '') {
    throw problem(`${what} is missing`);
  }
}

function checkComponent(value: unknown, what: string, problem: (what: string) => Error): void {
  const entry = requireObject(value, what, problem);
  if (!componentNames.some((name) => name === entry.component)) {
    throw problem(`${what}.component is ${JSON.stringify(entry.component)}`);
  }
  if (typeof entry.pid !== 'number' || !Number.isInteger(entry.pid) || entry.pid <= 0) {
    throw problem(`${what}.pid is ${JSON.stringify(entry.pid)}`);
  }
  const ports = requireObject(entry.ports, `${what}.ports`, problem);
  if (!Object.values(ports).every((port) => Number.isInteger(port))) {
    throw problem(`${what}.ports holds a non-integer`);
  }
  if (!Array.isArray(entry.command) || entry.command.length === 0 || !entry.command.every((part) => typeof part === 'string')) {
    throw problem(`${what}.command is not a list of strings`);
  }
  requireText(entry.log, `${what}.log`, problem);
}

/** readLabState returns undefined when DIR holds no lab. */
export async function readLabState(directory: string): Promise<LabState | undefined> {
  const file = labPaths(directory).state;
  const text = await readIfPresent(file);
  return text === undefined ? undefined : parseLabState(text, file);
}

/** Written through a rename so that a reader (or a crash) never sees half a file. */
export async function writeLabState(state: LabState): Promise<void> {
  const file = labPaths(state.directory).state;
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, renderLabState(state));
  await rename(temporary, file);
}
