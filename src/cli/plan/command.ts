import { Command, Option } from 'commander';
import { isClusterReady } from '../../members/cluster.js';
import { readManifests } from '../convert/manifests.js';
import { parseCounts, unknownClusters } from './arguments.js';
import { plannedCopies } from './copies.js';
import { isPlannable, type PlanCluster, planJson, planObject } from './plan.js';
import { planTable } from './table.js';
import { readClusters } from '../status/collect.js';
import { contextClient, loadUserKubeConfig } from '../shared/contexts.js';
import { commaList, formatValue, type OutputFormat, outputOption, processWriter, yamlDocument } from '../shared/output.js';

interface PlanOptions {
  filename: string[];
  clusters?: string[];
  current?: Record<string, number>;
  capacity?: Record<string, number>;
  output: OutputFormat;
  context?: string;
  kubeconfig?: string;
}

/** readyClusters reads the Ready members, with their labels for the cluster selector. */
async function readyClusters(options: PlanOptions): Promise<PlanCluster[]> {
  const config = loadUserKubeConfig(options.kubeconfig);
  const federation = await contextClient(config, options.context, 'federation');
  try {
    const clusters = (await readClusters(federation.client)).filter(isClusterReady);
    if (clusters.length === 0) {
      throw new Error(`no Ready clusters in the federation at ${federation.client.server}; name them with --clusters`);
    }
    return clusters.map((cluster) => ({ name: cluster.metadata.name ?? '', labels: cluster.metadata.labels ?? {} })).sort((a, b) => (a.name < b.name ? -1 : 1));
  } finally {
    await federation.client.close();
  }
}

/**
 * planCommand is `kubefed plan -f FILE`: where each object would go and with how many replicas
 * (HPA min/max, Job parallelism/completions), computed by the controller-manager's own scheduling
 * code; with -o yaml, each member's copy as it would be rendered, per-cluster overrides applied. It writes nothing. Without --clusters it plans over the federation's Ready clusters.
 */
export function planCommand(): Command {
  return new Command('plan')
    .description('preview where objects would be placed and how replicas would be split, without writing anything')
    .requiredOption('-f, --filename <file>', 'manifest file, or - for standard input (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--clusters <names>', 'plan over these clusters (default: the Ready clusters of the federation)', commaList)
    .addOption(new Option('--current <counts>', 'replicas each cluster runs now, e.g. a=2,b=1 (applies to every object)').argParser(parseCounts))
    .addOption(new Option('--capacity <counts>', 'most replicas each cluster can run, e.g. a=5 (applies to every object)').argParser(parseCounts))
    .addOption(outputOption(['table', 'json', 'yaml'], 'table'))
    .option('--context <context>', 'kubeconfig context of the federation API server, when --clusters is absent')
    .option('--kubeconfig <path>', 'kubeconfig file (default: KUBECONFIG or ~/.kube/config)')
    .action(async (options: PlanOptions) => {
      const manifests = await readManifests(options.filename);
      const clusters: PlanCluster[] = options.clusters ? [...new Set(options.clusters)].map((name) => ({ name })) : await readyClusters(options);
      const names = clusters.map((cluster) => cluster.name);
      for (const [flag, counts] of [['--current', options.current], ['--capacity', options.capacity]] as const) {
        const unknown = unknownClusters(counts ?? {}, names);
        if (unknown.length > 0) {
          throw new Error(`${flag} names cluster(s) not planned over: ${unknown.join(', ')} (clusters: ${names.join(', ')})`);
        }
      }
      const now = new Date();
      const entries = [];
      const copies = [];
      for (const manifest of manifests) {
        if (!isPlannable(manifest.object.kind)) {
          processWriter.err(`note: ${manifest.source}: kind ${String(manifest.object.kind)} is not federated; skipped\n`);
          continue;
        }
        const entry = planObject(manifest.object, { clusters, current: options.current, capacity: options.capacity, now });
        entries.push(entry);
        if (options.output === 'yaml') {
          const planned = plannedCopies(manifest.object, entry, clusters, now);
          entry.notes.push(...planned.notes);
          copies.push(...planned.copies.map((copy) => ({ key: entry.key, ...copy })));
        }
      }
      if (options.output === 'yaml') {
        entries.forEach((entry) => entry.notes.forEach((note) => processWriter.err(`note: ${entry.key}: ${note}\n`)));
        processWriter.out(copies.map((copy) => `---\n# ${copy.cluster}: ${copy.key}\n${yamlDocument(copy.object)}`).join(''));
      } else if (options.output === 'json') {
        entries.forEach((entry) => entry.notes.forEach((note) => processWriter.err(`note: ${entry.key}: ${note}\n`)));
        processWriter.out(formatValue('json', planJson(entries)));
      } else {
        processWriter.out(planTable(entries, names, processWriter.paintOut));
      }
    });
}
