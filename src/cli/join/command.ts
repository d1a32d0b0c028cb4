import { Command } from 'commander';
import { joinCluster } from './join.js';
import { propagatedTypes } from './kinds.js';
import { unjoinCluster } from './unjoin.js';
import { errorMessage } from '../../kube/errors.js';
import { contextClient, loadUserKubeConfig } from '../shared/contexts.js';

const print = (line: string) => process.stdout.write(`${line}\n`);
const warn = (line: string) => process.stderr.write(`${line}\n`);

interface JoinOptions {
  hostClusterContext: string;
  clusterContext?: string;
  secretName?: string;
  context?: string;
  kubeconfig?: string;
  federationName?: string;
  insecureSkipTlsVerify: boolean;
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
    .option('--federation-name <name>', 'federation name the controller-manager runs with (default: the federation context)')
    .option('--insecure-skip-tls-verify', "for a cluster context without a CA: connect unverified and trust the CA the member presents (trust on first use; its fingerprint is printed)", false)
    .action(async (name: string, options: JoinOptions) => {
      const config = loadUserKubeConfig(options.kubeconfig);
      if (!config.getContextObject(options.hostClusterContext)) {
        throw new Error(`--host-cluster-context: context "${options.hostClusterContext}" not found in kubeconfig`);
      }
      const memberContext = options.clusterContext ?? name;
      const role = `cluster ${name}`;
      const federation = await contextClient(config, options.context, 'federation');
      let member = await contextClient(config, memberContext, role);
      // Without a CA the connection can only be unverified, and only when the operator said so.
      const onFirstUse = member.certificateAuthority === undefined && options.insecureSkipTlsVerify;
      if (onFirstUse) {
        await member.client.close();
        member = await contextClient(config, memberContext, role, { skipVerify: true });
      }
      try {
        await joinCluster({
          name,
          federation: federation.client,
          federationContext: federation.context,
          federationName: options.federationName ?? federation.context,
          member: member.client,
          memberContext: member.context,
          memberCertificateAuthority: member.certificateAuthority,
          ...(onFirstUse ? { trustOnFirstUse: async (certificateAuthority: string) => (await contextClient(config, memberContext, role, { certificateAuthority })).client } : {}),
          secretName: options.secretName,
          log: print,
          warn,
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
      const memberContext = options.clusterContext ?? name;
      const member = await contextClient(config, memberContext, `cluster ${name}`).catch((error: unknown) => {
        warn(`warning: ${errorMessage(error)}`);
        return undefined;
      });
      try {
        await unjoinCluster({
          name,
          federation: federation.client,
          federationContext: federation.context,
          federationName: options.federationName ?? federation.context,
          memberContext,
          member: member?.client,
          deletePropagated: options.deletePropagated,
          propagatedTypes,
          log: print,
        });
      } finally {
        await Promise.all([federation.client.close(), member?.client.close()]);
      }
    });
}
