import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { joinCluster } from '../join/join.js';
import { labStatus, startLab } from './index.js';
import { proxiedServer, type LabState } from './state.js';
import { applyObject, getObject } from '../../kube/apply.js';
import type { KubeClient } from '../../kube/client.js';
import { clusters } from '../../kube/resources.js';
import { serverAddress, type ClusterObject } from '../../members/cluster.js';
import { contextClient, loadUserKubeConfig } from '../shared/contexts.js';
import { nodeRuntimeFlags, runtimeEnvironment } from '../../daemon/config/runtime.js';
import { servingUrls } from './serving.js';

const print = (line: string) => process.stdout.write(`${line}\n`);

export interface JoinLabOptions {
  /**
   * proxy: kubefed reaches each member through the member's proxy, so `lab partition|slow|heal` act on it; direct
   * (the default): straight to the API server, as the kubeconfig's admin contexts and `kubefed join` do.
   */
  readonly through?: 'direct' | 'proxy';
}

/**
 * joinLabMembers joins every member of a lab to its federation (join is idempotent, so a rerun is harmless). A Cluster
 * joined earlier through the other path is moved to the one asked for: the same member, at its other address.
 */
export async function joinLabMembers(state: LabState, log: (line: string) => void, options: JoinLabOptions = {}): Promise<void> {
  const federation = await contextClient(loadUserKubeConfig(state.kubeconfig), state.federation, 'federation');
  try {
    for (const cluster of state.clusters.filter((candidate) => candidate.role === 'member')) {
      const proxied = proxiedServer(cluster);
      if (options.through === 'proxy' && proxied === undefined) {
        throw new Error(`member ${cluster.name} has no proxy (its lab was started by an older kubefed); start a new lab`);
      }
      const server = options.through === 'proxy' ? (proxied as string) : cluster.server;
      await moveCluster(federation.client, cluster.name, [cluster.server, proxied].filter((address) => address !== undefined), server);
      const config = loadUserKubeConfig(state.kubeconfig);
      config.clusters = config.clusters.map((entry) => (entry.name === cluster.name ? { ...entry, server } : entry));
      const member = await contextClient(config, cluster.name, `cluster ${cluster.name}`);
      try {
        await joinCluster({
          name: cluster.name,
          federation: federation.client,
          federationContext: federation.context,
          // The lab runs the controller-manager with --federation-name=<the federation context>.
          federationName: state.federation,
          member: member.client,
          memberContext: member.context,
          memberCertificateAuthority: member.certificateAuthority,
          log,
        });
      } finally {
        await member.client.close();
      }
    }
  } finally {
    await federation.client.close();
  }
}

/** moveCluster points a joined Cluster at `server` when it points at another of the member's own `addresses`. */
async function moveCluster(federation: KubeClient, name: string, addresses: readonly string[], server: string): Promise<void> {
  const existing = await getObject<ClusterObject>(federation, clusters, name);
  const current = existing === undefined ? undefined : serverAddress(existing);
  if (existing === undefined || current === server || current === undefined || !addresses.includes(current)) {
    return;
  }
  await applyObject(federation, clusters, {
    apiVersion: 'federation.kubefed.dev/v1beta1',
    kind: 'Cluster',
    metadata: { name },
    spec: { ...existing.spec, serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: server }] },
  });
}

/**
 * controllerManagerArguments runs the controller-manager against a lab's federation, serving on loopback
 * only, on free ports (whatever else listens on 8080 or 8081); its `serving` log line says which.
 */
export function controllerManagerArguments(state: LabState, extra: string[] = []): string[] {
  return [
    `--kubeconfig=${state.kubeconfig}`,
    `--context=${state.federation}`,
    `--federation-name=${state.federation}`,
    '--metrics-bind-address=127.0.0.1:0',
    '--health-probe-bind-address=127.0.0.1:0',
    ...extra,
  ];
}

interface RunOptions {
  federation: string;
  members: string[];
  workloads: boolean;
  nodes: number;
  dir: string;
}

/**
 * runCommand is `npm start`: the seed's setup on one machine. It starts (or reuses) a lab, joins its
 * members, and runs the controller-manager in the foreground; Ctrl-C stops the controller-manager
 * and leaves the lab up for kubectl.
 */
export function runCommand(): Command {
  return new Command('run')
    .description('start (or reuse) a lab, join its members, and run the controller-manager in the foreground')
    .option('--federation <name>', 'name of the federation cluster and context', 'master-control')
    .option('--members <names>', 'comma-separated member clusters', (value: string) => value.split(',').filter(Boolean), ['gcek8s', 'awsk8s'])
    .option('--no-workloads', 'members without scheduler, controllers and fake nodes')
    .option('--nodes <count>', 'fake nodes per member', (value: string) => {
      const count = Number(value);
      if (!Number.isInteger(count) || count < 1) {
        throw new InvalidArgumentError('expected a whole number of at least 1');
      }
      return count;
    }, 2)
    .option('--dir <dir>', 'directory holding the lab', '.lab')
    .argument('[flags...]', 'extra controller-manager flags, after --')
    .action(async (flags: string[], options: RunOptions) => {
      const status = await labStatus(options.dir);
      const running = status !== undefined && status.components.every((component) => component.running);
      const state = running ? status.state : await startLab({ ...options, log: print });
      if (running) {
        print(`reusing the lab in ${options.dir}`);
      }
      // Through the proxies, so that `kubefed lab partition|slow|heal` act on this controller-manager's traffic.
      await joinLabMembers(state, print, { through: 'proxy' });
      print('');
      print(`export KUBECONFIG=${state.kubeconfig}`);
      print(`kubectl --context=${state.federation} create -f <your manifests>; kubectl --context=${state.clusters.find((c) => c.role === 'member')?.name} get pods`);
      print('controller-manager logs follow; Ctrl-C stops it (the lab stays up: kubefed lab down --dir ' + options.dir + ')');
      print('');
      const main = fileURLToPath(new URL('../../daemon/main.js', import.meta.url));
      const child = spawn(process.execPath, [...nodeRuntimeFlags, main, ...controllerManagerArguments(state, flags)], {
        stdio: ['inherit', 'pipe', 'inherit'],
        env: { ...process.env, ...runtimeEnvironment() },
      });
      // The logs pass through; the line naming the ports bound is followed by their URLs.
      createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
        print(line);
        servingUrls(line)?.forEach((url) => print(url));
      });
      const forward = (signal: NodeJS.Signals) => child.kill(signal);
      process.on('SIGINT', forward);
      process.on('SIGTERM', forward);
      const code = await new Promise<number>((resolve) => child.once('exit', (exit) => resolve(exit ?? 0)));
      process.exitCode = code;
    });
}
