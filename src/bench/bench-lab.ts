// The benchmark's own lab: one federation and M members in a directory of its own, members joined, clients per cluster.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { contextClient, loadUserKubeConfig } from '../cli/shared/contexts.js';
import { joinLabMembers } from '../cli/lab/run-command.js';
import type { KubeClient } from '../kube/client.js';
import { startLab, stopLab, type LabState } from '../cli/lab/index.js';
import { onInterrupt } from './cleanup.js';

export const federationName = 'federation';

export function memberNames(members: number): string[] {
  return Array.from({ length: members }, (_, index) => `member${index + 1}`);
}

export interface ClusterClients {
  readonly name: string;
  /** host:port, as rest_client_requests_total labels it. */
  readonly host: string;
  /** For requests the benchmark times (creates, updates, raw writes). */
  readonly writer: KubeClient;
  /** For the benchmark's watches, on connections of their own. */
  readonly watcher: KubeClient;
}

export interface BenchLab {
  readonly directory: string;
  readonly state: LabState;
  readonly federation: ClusterClients;
  readonly members: ClusterClients[];
  /** close closes the clients, stops every lab process and removes a temporary directory unless keep is set. */
  close(keep?: boolean): Promise<void>;
}

export interface BenchLabOptions {
  members: number;
  workloads: boolean;
  nodes: number;
  /** The federation apiserver gets the aggregation layer (the peer comparison gives it to every system alike). */
  aggregation?: boolean;
  /** Join the members to kubefed (default); a peer system registers them its own way. */
  join?: boolean;
  dir?: string;
  log: (line: string) => void;
  signal?: AbortSignal;
}

async function clusterClients(kubeconfig: string, name: string): Promise<ClusterClients> {
  const config = loadUserKubeConfig(kubeconfig);
  const writer = (await contextClient(config, name, name)).client;
  const watcher = (await contextClient(config, name, name)).client;
  return { name, host: writer.host, writer, watcher };
}

/** startBenchLab starts the lab and joins the members; whatever happens, close() (or a failure here) stops it. */
export async function startBenchLab(options: BenchLabOptions): Promise<BenchLab> {
  const temporary = options.dir === undefined;
  const directory = options.dir ?? (await mkdtemp(path.join(tmpdir(), 'kubefed-bench-')));
  const clients: ClusterClients[] = [];
  // Interrupted, the lab is stopped and its directory kept, so its logs can be read.
  const forget = onInterrupt(async () => {
    await stopLab(directory);
  });
  const close = async (keep = false): Promise<void> => {
    forget();
    await Promise.all(clients.flatMap((cluster) => [cluster.writer.close(), cluster.watcher.close()]));
    await stopLab(directory);
    if (temporary && !keep) {
      await rm(directory, { recursive: true, force: true });
    }
  };
  try {
    const state = await startLab({
      dir: directory,
      federation: federationName,
      members: memberNames(options.members),
      workloads: options.workloads,
      nodes: options.nodes,
      aggregation: options.aggregation,
      log: options.log,
      signal: options.signal,
    });
    if (options.join ?? true) {
      await joinLabMembers(state, options.log);
    }
    for (const cluster of state.clusters) {
      clients.push(await clusterClients(state.kubeconfig, cluster.name));
    }
    const federation = clients.find((cluster) => cluster.name === federationName) as ClusterClients;
    return { directory, state, federation, members: clients.filter((cluster) => cluster !== federation), close };
  } catch (error) {
    await close(true).catch(() => undefined);
    throw error;
  }
}
