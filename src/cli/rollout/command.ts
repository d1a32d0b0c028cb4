import { setTimeout as sleep } from 'node:timers/promises';
import { parseBoolean } from '../../daemon/config/boolean.js';
import { Command, Option } from 'commander';
import { getObject } from '../../kube/apply.js';
import type { KubeClient } from '../../kube/client.js';
import { errorMessage } from '../../kube/errors.js';
import type { KubeObject } from '../../core/objects.js';
import { daemonSets, deployments } from '../../kube/resources.js';
import { readAnnotationIfValid } from '../../core/annotations/codec.js';
import { placementCodec, replicaShares } from '../../core/annotations/placement.js';
import { readClusters } from '../status/collect.js';
import { closeMembers, type MemberClient, memberClients } from '../status/member-clients.js';
import { type MemberRollout, parseRolloutTarget, type RolloutObject, rolloutState } from './verdict.js';
import { contextClient, loadUserKubeConfig } from '../shared/contexts.js';
import { durationArgument, Progress, processWriter } from '../shared/output.js';

interface RolloutStatusOptions {
  namespace: string;
  timeout: number;
  watch: boolean;
  interval: number;
  context?: string;
  kubeconfig?: string;
}

function shares(object: KubeObject): Record<string, number> {
  return replicaShares(readAnnotationIfValid(placementCodec, object.metadata.annotations)) ?? {};
}

async function memberCopies(members: MemberClient[], read: (client: KubeClient) => Promise<RolloutObject | undefined>, placement: Record<string, number>): Promise<MemberRollout[]> {
  return Promise.all(
    members.map(async (member): Promise<MemberRollout> => {
      const share = placement[member.cluster];
      const base = { cluster: member.cluster, ...(share === undefined ? {} : { share }) };
      if (!member.client) {
        // A member the CLI cannot reach only matters when it should run something.
        return share ? { ...base, problem: member.problem ?? 'no credentials' } : base;
      }
      try {
        const copy = await read(member.client);
        return copy ? { ...base, copy } : base;
      } catch (error) {
        return { ...base, problem: errorMessage(error) };
      }
    }),
  );
}

/**
 * rolloutCommand is `kubefed rollout status deployment/NAME`: it follows a federated rollout in
 * every member, printing a member's line whenever its progress changes, until the federated
 * status and every member agree that the rollout is complete. Exit codes follow kubectl: 0 when
 * rolled out, 1 when the object is missing, a progress deadline is exceeded or --timeout passes.
 */
export function rolloutCommand(): Command {
  const status = new Command('status')
    .description('watch a federated rollout until it completes in every member')
    .argument('<resource...>', 'deployment/NAME, deployment NAME, or daemonset/NAME')
    .option('-n, --namespace <namespace>', 'namespace of the object', 'default')
    .addOption(new Option('--timeout <duration>', 'give up after this long (0: wait forever)').argParser(durationArgument).default(0, '0'))
    .option('-w, --watch [bool]', 'watch until done; --watch=false prints the status once', parseBoolean, true)
    .addOption(new Option('--interval <duration>', 'how often to look').argParser(durationArgument).default(1000, '1s').hideHelp())
    .option('--context <context>', 'kubeconfig context of the federation API server (default: current context)')
    .option('--kubeconfig <path>', 'kubeconfig file (default: KUBECONFIG or ~/.kube/config)')
    .action(async (args: string[], options: RolloutStatusOptions) => {
      const target = parseRolloutTarget(args);
      const type = target.kind === 'Deployment' ? deployments : daemonSets;
      const config = loadUserKubeConfig(options.kubeconfig);
      const federation = await contextClient(config, options.context, 'federation');
      const deadline = options.timeout > 0 ? Date.now() + options.timeout : Number.POSITIVE_INFINITY;
      const progress = new Progress((line) => processWriter.out(`${line}\n`));
      let members: MemberClient[] = [];
      try {
        members = await memberClients(federation.client, await readClusters(federation.client), config);
        for (;;) {
          const federated = await getObject<RolloutObject>(federation.client, type, target.name, options.namespace);
          if (!federated) {
            throw new Error(`${type.plural}.${type.group} "${target.name}" not found in namespace ${options.namespace}`);
          }
          const copies = await memberCopies(members, (client) => getObject<RolloutObject>(client, type, target.name, options.namespace), shares(federated));
          const state = rolloutState(target.kind, federated, copies);
          state.lines.forEach((line) => progress.update(line.cluster, line.text));
          if (state.error) {
            throw new Error(state.error);
          }
          if (state.done) {
            progress.update('', state.federated.message);
            return;
          }
          if (state.lines.every((line) => line.done)) {
            progress.update('', `federation: ${state.federated.message}`);
          }
          if (!options.watch) {
            progress.update('', state.federated.message);
            return;
          }
          if (Date.now() >= deadline) {
            throw new Error('timed out waiting for the condition');
          }
          await sleep(Math.min(options.interval, Math.max(0, deadline - Date.now())));
        }
      } finally {
        await closeMembers(members);
        await federation.client.close();
      }
    });
  return new Command('rollout').description('follow federated rollouts').addCommand(status);
}
