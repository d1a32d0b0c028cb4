// `kubefed lab`: start, inspect and stop a local lab of real Kubernetes binaries on 127.0.0.1.
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { labStatus, renderStatusTable, startLab, startMember, stopLab, stopMember, totalResident } from './index.js';
import { durationArgument } from '../shared/output.js';
import { setMemberPath } from './member-path.js';
import { describeChange, directMode, slowMode, type ProxyMode } from './proxy-mode.js';
import { runCommand } from './run-command.js';

const defaultDirectory = '.lab';

function directoryOption(): Option {
  return new Option('--dir <dir>', 'directory holding the lab').default(defaultDirectory);
}

function whole(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    throw new InvalidArgumentError('expected a whole number');
  }
  return number;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function upCommand(): Command {
  return new Command('up')
    .description('start etcd and a kube-apiserver per cluster (plus controllers, scheduler and kwok fake nodes for --workloads)')
    .option('--federation <name>', 'name of the federation cluster', 'federation')
    .option('--members <names>', 'comma-separated member cluster names', list, ['cluster1', 'cluster2'])
    .option('--workloads', 'members run kube-scheduler, all controllers and kwok fake nodes, so Pods get scheduled and Ready', false)
    .option('--nodes <count>', 'fake nodes per member with --workloads', whole, 2)
    .addOption(directoryOption())
    .addOption(new Option('--binaries <dir>', 'directory of the Kubernetes binaries (default: scripts/kube-binaries.sh --locate)').env('KUBEFED_BINARIES'))
    .action(async (options: { federation: string; members: string[]; workloads: boolean; nodes: number; dir: string; binaries?: string }) => {
      // Ctrl-C reaches only the CLI (the components run in their own process groups), so stop them here.
      const interrupted = new AbortController();
      const interrupt = (): void => interrupted.abort('SIGINT');
      process.once('SIGINT', interrupt);
      const state = await startLab({ ...options, log: print, signal: interrupted.signal }).finally(() => process.off('SIGINT', interrupt));
      const member = state.clusters.find((cluster) => cluster.role === 'member')?.name ?? state.federation;
      print('');
      print(`export KUBECONFIG=${state.kubeconfig}`);
      print(`kubectl --context=${member} get nodes`);
      print(`contexts: ${state.clusters.map((cluster) => `${cluster.name} (${cluster.role})`).join(', ')}; current: ${state.federation}`);
      print(`stop it with: kubefed lab down --dir ${options.dir}`);
    });
}

function downCommand(): Command {
  return new Command('down')
    .description('stop every process of the lab; its directory and logs stay')
    .addOption(directoryOption())
    .action(async (options: { dir: string }) => {
      const state = await stopLab(options.dir);
      print(state === undefined ? `no lab in ${options.dir}` : `lab in ${state.directory} stopped; logs in ${path.join(state.directory, 'logs')}`);
    });
}

function statusCommand(): Command {
  return new Command('status')
    .description('show every process of the lab: cluster, component, pid, port, running or stopped, memory, log')
    .addOption(directoryOption())
    .action(async (options: { dir: string }) => {
      const status = await labStatus(options.dir);
      if (status === undefined) {
        print(`no lab in ${options.dir}`);
        return;
      }
      print(renderStatusTable(status));
      print(`\nkubeconfig: ${status.state.kubeconfig}; resident memory: ${Math.round(totalResident(status) / 1048576)}Mi`);
    });
}

function stopCommand(): Command {
  return new Command('stop')
    .description("stop one cluster's kube-apiserver (an outage); its data and controllers stay")
    .argument('<cluster>', 'cluster name')
    .addOption(directoryOption())
    .action(async (cluster: string, options: { dir: string }) => {
      await stopMember(options.dir, cluster);
      print(`kube-apiserver of ${cluster} stopped`);
    });
}

function startCommand(): Command {
  return new Command('start')
    .description("start a stopped cluster's kube-apiserver again, on the same port, and wait until it is ready")
    .argument('<cluster>', 'cluster name')
    .addOption(directoryOption())
    .action(async (cluster: string, options: { dir: string }) => {
      await startMember(options.dir, cluster);
      print(`kube-apiserver of ${cluster} ready`);
    });
}

/** A command that sets kubefed's path to one member: partition, slow, heal. */
function pathCommand(name: string, description: string, mode: (options: { delay: number }) => ProxyMode): Command {
  return new Command(name)
    .description(description)
    .argument('<cluster>', 'member cluster name')
    .addOption(directoryOption())
    .action(async (cluster: string, options: { dir: string; delay: number }) => {
      const { before, after } = await setMemberPath(options.dir, cluster, mode(options));
      print(describeChange(cluster, before, after));
    });
}

function partitionCommand(): Command {
  return pathCommand(
    'partition',
    "drop kubefed's traffic to a member without an answer (its API server stays up; kubectl contexts go direct and still reach it)",
    () => ({ mode: 'partitioned' }),
  );
}

function slowCommand(): Command {
  return pathCommand('slow', "delay every answer on kubefed's path to a member (half on the way there, half on the way back)", (options) =>
    slowMode(Math.round(options.delay)),
  ).addOption(new Option('--delay <duration>', 'added round-trip time, e.g. 3s or 500ms').argParser(durationArgument).default(3000, '3s'));
}

function healCommand(): Command {
  return pathCommand('heal', "let kubefed's traffic to a member pass again (what was held is delivered, in order)", () => directMode);
}

export function labCommand(): Command {
  return new Command('lab')
    .description('a local federation of real Kubernetes binaries on 127.0.0.1, for tests, benchmarks and demos')
    .addCommand(upCommand())
    .addCommand(downCommand())
    .addCommand(statusCommand())
    .addCommand(stopCommand())
    .addCommand(startCommand())
    .addCommand(partitionCommand())
    .addCommand(slowCommand())
    .addCommand(healCommand())
    .addCommand(runCommand());
}
