import { Command } from 'commander';
import { errorMessage } from '../../kube/errors.js';
import { contextClient, loadUserKubeConfig } from '../shared/contexts.js';
import { enableType, type MemberContext } from './enable.js';
import { parseTypeArgument } from './type-argument.js';

const print = (line: string) => process.stdout.write(`${line}\n`);
const warn = (line: string) => process.stderr.write(`${line}\n`);

interface EnableOptions {
  memberContext: string[];
  context?: string;
  kubeconfig?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** enableCommand is `kubefed enable TYPE` and disableCommand `kubefed disable TYPE`: one command each, the same flags. */
export function enableCommand(): Command {
  return typeCommand('enable', 'propagate a resource type (a CRD, ServiceAccounts, PodDisruptionBudgets …) to the members');
}

export function disableCommand(): Command {
  return typeCommand('disable', 'stop propagating a resource type; the copies in members stay as they are');
}

function typeCommand(verb: 'enable' | 'disable', description: string): Command {
  return new Command(verb)
    .description(description)
    .argument('<type>', 'resource[.group], e.g. widgets.example.com, serviceaccounts, poddisruptionbudgets.policy')
    .option('--member-context <context>', `kubeconfig context of a member whose kubefed role to ${verb === 'enable' ? 'extend' : 'shrink'} (repeat for each member)`, collect, [])
    .option('--context <context>', 'kubeconfig context of the federation API server (default: current context)')
    .option('--kubeconfig <path>', 'kubeconfig file (default: KUBECONFIG or ~/.kube/config)')
    .action(async (text: string, options: EnableOptions) => {
      const argument = parseTypeArgument(text);
      if (typeof argument === 'string') {
        throw new Error(argument);
      }
      const config = loadUserKubeConfig(options.kubeconfig);
      const federation = await contextClient(config, options.context, 'federation');
      const members: MemberContext[] = [];
      for (const context of options.memberContext) {
        members.push(
          await contextClient(config, context, `member ${context}`).then(
            (member) => ({ context, client: member.client }),
            (error: unknown) => ({ context, problem: `cannot reach it: ${errorMessage(error)}` }),
          ),
        );
      }
      try {
        await enableType({ verb, argument, federation: federation.client, federationContext: federation.context, members, log: print, warn });
      } finally {
        await Promise.all([federation.client.close(), ...members.map((member) => member.client?.close())]);
      }
    });
}
