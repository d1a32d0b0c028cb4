import { Command, Option } from 'commander';
import { closeMembers } from './member-clients.js';
import { clusterReports } from './clusters.js';
import { collectSnapshot, explainMissing, type Snapshot } from './collect.js';
import { memberStateRows } from './member-states.js';
import { isHealthy, renderClusterTable, renderStatus, statusReport } from './report.js';
import { syncProblems } from './sync.js';
import { contextClient, loadUserKubeConfig } from '../shared/contexts.js';
import { durationArgument, ExitCode, exitWith, formatValue, type OutputFormat, outputOption, processWriter } from '../shared/output.js';

interface FederationOptions {
  context?: string;
  kubeconfig?: string;
  federationName?: string;
  output: OutputFormat;
}

interface StatusOptions extends FederationOptions {
  exitCode: boolean;
  eventWindow: number;
}

function federationOptions(command: Command): Command {
  return command
    .option('--context <context>', 'kubeconfig context of the federation API server (default: current context)')
    .option('--kubeconfig <path>', 'kubeconfig file (default: KUBECONFIG or ~/.kube/config)')
    .option('--federation-name <name>', 'federation name the controller-manager runs with (default: the federation context)')
    .addOption(outputOption());
}

/**
 * statusCommand is `kubefed status`: the members (Ready, since, zones, region, managed copies by
 * kind, last probe), the federated objects that are not in sync, with the reason, and the member copies
 * of enabled types (in sync, Ready/Available, from the member-states annotation). Members are
 * read with the credentials the federation holds for them (as the controller-manager reads them),
 * or with the kubeconfig context of the same name when those cannot be read.
 */
export function statusCommand(): Command {
  return federationOptions(new Command('status'))
    .description('show member clusters and the federated objects that are not in sync')
    .option('--exit-code', `exit ${ExitCode.unhealthy} when a cluster is not Ready or an object is not in sync`, false)
    .addOption(new Option('--event-window <duration>', 'Warning events newer than this mark an object not in sync').argParser(durationArgument).default(600_000, '10m'))
    .action((options: StatusOptions) =>
      withSnapshot(options, async (snapshot, server) => {
        const now = new Date();
        const problems = syncProblems({ federation: snapshot.identity, clusters: snapshot.clusters, kinds: snapshot.kinds, events: snapshot.events, now, eventWindowMs: options.eventWindow });
        const report = statusReport({
          federation: snapshot.identity.name,
          server,
          clusters: clusterReports(snapshot.clusters, snapshot.managed, snapshot.access),
          objects: snapshot.kinds.reduce((sum, kind) => sum + kind.objects.filter((object) => kind.adapter.federates(object)).length, 0),
          outOfSync: await explainMissing(problems, snapshot),
          memberStates: memberStateRows(snapshot.kinds),
        });
        snapshot.notes.forEach((note) => processWriter.err(`note: ${note}\n`));
        processWriter.out(options.output === 'table' ? renderStatus(report, now, processWriter.paintOut) : formatValue(options.output, report));
        if (options.exitCode && !isHealthy(report)) {
          exitWith(ExitCode.unhealthy, 'federation not healthy');
        }
      }),
    );
}

/** getCommand is `kubefed get clusters [NAME...]`: the cluster table of `kubefed status` alone. */
export function getCommand(): Command {
  const clusters = federationOptions(new Command('clusters').alias('cluster'))
    .description('list member clusters: Ready, since, zones, region, managed objects by kind, last probe')
    .argument('[names...]', 'only these clusters')
    .action((names: string[], options: FederationOptions) =>
      withSnapshot(options, (snapshot) => {
        const unknown = names.filter((name) => !snapshot.clusters.some((cluster) => cluster.metadata.name === name));
        if (unknown.length > 0) {
          throw new Error(`cluster(s) not found in the federation: ${unknown.join(', ')}`);
        }
        const selected = snapshot.clusters.filter((cluster) => names.length === 0 || names.includes(cluster.metadata.name ?? ''));
        const reports = clusterReports(selected, snapshot.managed, snapshot.access);
        processWriter.out(options.output === 'table' ? renderClusterTable(reports, new Date(), processWriter.paintOut) : formatValue(options.output, reports));
      }),
    );
  return new Command('get').description('list federation resources (clusters)').addCommand(clusters);
}

/** withSnapshot reads the federation and its members once, hands that to body, and closes every client after. */
async function withSnapshot(options: FederationOptions, body: (snapshot: Snapshot, server: string) => unknown): Promise<void> {
  const config = loadUserKubeConfig(options.kubeconfig);
  const federation = await contextClient(config, options.context, 'federation');
  try {
    const snapshot = await collectSnapshot(federation.client, config, options.federationName ?? federation.context);
    try {
      await body(snapshot, federation.client.server);
    } finally {
      await closeMembers(snapshot.members);
    }
  } finally {
    await federation.client.close();
  }
}
