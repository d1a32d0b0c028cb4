import { Command } from 'commander';
import { joinCluster } from '../join/join.js';
import { unjoinCluster } from '../join/unjoin.js';
import { errorMessage } from '../kube/errors.js';
import { configMaps, daemonSets, deployments, horizontalPodAutoscalers, ingresses, jobs, namespaces, replicaSets, secrets, services } from '../kube/resources.js';
import { contextClient, loadUserKubeConfig } from './contexts.js';

const print = (line: string) => process.stdout.write(`${line}\n`);

interface JoinOptions {
  hostClusterContext: string;
  clusterContext?: string;
  secretName?: string;
  context?: string;
  kubeconfig?: string;
}

/** joinCommand is `kubefed join NAME --host-cluster-context CTX`, the seed walkthrough's command. */
export function joinCommand(): Command {
  return new Command('join')
    .description('join a cluster to the federation (run with the federation as the current context)')
    .argument('<name>', 'name of the cluster in the federation (and, by default, its kubeconfig context)')
    .requiredOption('--host-cluster-context <context>', 'context of the cluster hosting the federation control plane')
    .option('--cluster-context <context>', 'kubeconfig context of the joining cluster (default: NAME)')
    .option('--secret-name <name>', 'name of the credentials Secret in the federation (default: NAME-kubefed)')
    .option('--context <context>', 'kubeconfig context of the federation API server (default: current context)')
    .option('--kubeconfig <path>', 'kubeconfig file (default: KUBECONFIG or ~/.kube/config)')
    .action(async (name: string, options: JoinOptions) => {
      const config = loadUserKubeConfig(options.kubeconfig);
      if (!config.getContextObject(options.hostClusterContext)) {
        throw new Error(`--host-cluster-context: context "${options.hostClusterContext}" not found in kubeconfig`);
      }
      const federation = await contextClient(config, options.context, 'federation');
      const member = await contextClient(config, options.clusterContext ?? name, `cluster ${name}`);
      try {
        await joinCluster({
          name,
          federation: federation.client,
          federationContext: federation.context,
          member: member.client,
          memberContext: member.context,
          memberCertificateAuthority: member.certificateAuthority,
          secretName: options.secretName,
          log: print,
        });
      } finally {
        await Promise.all([federation.client.close(), member.client.close()]);
      }
    });
}

interface UnjoinOptions {
  clusterContext?: string;
  context?: string;
  kubeconfig?: string;
  federationName?: string;
  deletePropagated: boolean;
}

/** unjoinCommand is `kubefed unjoin NAME`: the reverse of join; propagated objects stay unless asked. */
export function unjoinCommand(): Command {
  return new Command('unjoin')
    .description('remove a cluster from the federation; its propagated objects stay unless --delete-propagated')
    .argument('<name>', 'name of the cluster in the federation')
    .option('--host-cluster-context <context>', 'accepted for compatibility with v1; not needed')
    .option('--cluster-context <context>', 'kubeconfig context of the cluster (default: NAME)')
    .option('--context <context>', 'kubeconfig context of the federation API server (default: current context)')
    .option('--kubeconfig <path>', 'kubeconfig file (default: KUBECONFIG or ~/.kube/config)')
    .option('--federation-name <name>', 'federation name the controller-manager runs with (default: the federation context)')
    .option('--delete-propagated', 'also delete every object this federation propagated to the cluster', false)
    .action(async (name: string, options: UnjoinOptions) => {
      const config = loadUserKubeConfig(options.kubeconfig);
      const federation = await contextClient(config, options.context, 'federation');
      const member = await contextClient(config, options.clusterContext ?? name, `cluster ${name}`).catch((error: unknown) => {
        print(`warning: ${errorMessage(error)}`);
        return undefined;
      });
      try {
        await unjoinCluster({
          name,
          federation: federation.client,
          federationContext: federation.context,
          federationName: options.federationName ?? federation.context,
          member: member?.client,
          deletePropagated: options.deletePropagated,
          propagatedTypes: [deployments, replicaSets, daemonSets, jobs, horizontalPodAutoscalers, services, ingresses, configMaps, secrets, namespaces],
          log: print,
        });
      } finally {
        await Promise.all([federation.client.close(), member?.client.close()]);
      }
    });
}
